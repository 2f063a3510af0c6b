/** Maps offsets to 1-based line numbers and gives bounded excerpts. */
export class LineIndex {
  private readonly starts: number[];
  constructor(private readonly text: string) {
    const starts = [0];
    let i = text.indexOf('\n');
    while (i >= 0) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    this.starts = starts;
  }

  get count(): number {
    return this.starts.length;
  }

  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(this.starts.length - 1, line - 1))]!;
  }

  lineText(line: number): string {
    const s = this.lineStart(line);
    const e = line < this.starts.length ? this.starts[line]! - 1 : this.text.length;
    return this.text.slice(s, e);
  }

  /** The text around an offset on its line, at most `width` characters. */
  excerptAt(offset: number, length = 0, width = 160): string {
    const line = this.lineOf(offset);
    const s = this.lineStart(line);
    const e = line < this.starts.length ? this.starts[line]! - 1 : this.text.length;
    if (e - s <= width) return this.text.slice(s, e);
    const from = Math.max(s, Math.min(offset - 40, e - width));
    return this.text.slice(from, Math.min(e, from + Math.max(width, Math.min(length, 400))));
  }
}
