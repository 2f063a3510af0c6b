#!/usr/bin/env python3
import argparse
import pathlib

from PIL import Image, ImageOps

EXT = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--max", type=int, default=0)
    ap.add_argument("--square", type=int, default=0)
    ap.add_argument("--format", default=None)
    ap.add_argument("--quality", type=int, default=85)
    ap.add_argument("--strip", action="store_true")
    a = ap.parse_args()
    src, dst = pathlib.Path(a.src), pathlib.Path(a.dst)
    dst.mkdir(parents=True, exist_ok=True)
    n = 0
    for p in sorted(src.iterdir()):
        if p.suffix.lower() not in EXT:
            continue
        im = ImageOps.exif_transpose(Image.open(p))
        if a.square:
            im = ImageOps.fit(im, (a.square, a.square))
        elif a.max:
            im.thumbnail((a.max, a.max))
        fmt = (a.format or p.suffix.lstrip(".")).lower().replace("jpg", "jpeg")
        out = dst / f"{p.stem}.{fmt.replace('jpeg', 'jpg')}"
        kwargs = {"quality": a.quality}
        if not a.strip and "exif" in im.info:
            kwargs["exif"] = im.info["exif"]
        if fmt == "jpeg" and im.mode in ("RGBA", "P"):
            im = im.convert("RGB")
        im.save(out, fmt.upper(), **kwargs)
        n += 1
    print(f"{n} images written to {dst}")


if __name__ == "__main__":
    main()
