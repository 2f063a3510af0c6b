import type { Readable } from 'node:stream';

/** Keeps the first `max` bytes of a stream and counts the rest (which is read and dropped, so the writer never blocks on us). */
export class BoundedCapture {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  bytes = 0;

  constructor(private readonly max: number) {}

  attach(stream: Readable | null | undefined): void {
    stream?.on('data', (chunk: Buffer) => this.push(chunk));
  }

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.kept >= this.max) return;
    const part = chunk.subarray(0, this.max - this.kept);
    this.chunks.push(part);
    this.kept += part.length;
  }

  get truncated(): boolean {
    return this.bytes > this.kept;
  }

  buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
