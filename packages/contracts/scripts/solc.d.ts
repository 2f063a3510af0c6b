// Minimal typing for the parts of solc-js (npm `solc`) we use; the package ships no declarations.
declare module 'solc' {
  interface ImportResult {
    contents?: string;
    error?: string;
  }
  interface Solc {
    version(): string;
    compile(input: string, callbacks?: { import?: (path: string) => ImportResult }): string;
  }
  const solc: Solc;
  export default solc;
}
