import QRCode from 'qrcode';
import { useMemo } from 'react';

/** The QR modules of `text` as a boolean matrix (pure; tested). */
export function qrMatrix(text: string): boolean[][] {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => Boolean(qr.modules.get(r, c))));
}

/**
 * A QR code drawn as SVG rectangles by React (no canvas, no HTML injection). The secret it encodes is
 * also shown as text next to it for manual entry.
 */
export function QrCode({ text, label, size = 220 }: { text: string; label: string; size?: number }) {
  const matrix = useMemo(() => qrMatrix(text), [text]);
  const n = matrix.length;
  const quiet = 4;
  const dim = n + quiet * 2;
  const path = useMemo(() => {
    let d = '';
    matrix.forEach((row, r) =>
      row.forEach((on, c) => {
        if (on) d += `M${c + quiet} ${r + quiet}h1v1h-1z`;
      }),
    );
    return d;
  }, [matrix]);
  return (
    <svg className="qr" width={size} height={size} viewBox={`0 0 ${dim} ${dim}`} role="img" aria-label={label} shapeRendering="crispEdges">
      <rect width={dim} height={dim} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
