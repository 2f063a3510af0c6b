/** Splitting lifecycle commands into simple commands and words, the way `sh -c` would. */
import { parseTree } from 'jsonc-parser';
import { findLine, jsonLine } from './text.js';

/** Simple commands of a command line (split at `&&`, `||`, `;`, `|`, `&`, newlines), each as words with quotes removed. */
export function splitCommands(cmd: string): string[][] {
  const out: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCmd = (): void => {
    endWord();
    if (words.length > 0) out.push(words);
    words = [];
  };
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i]!;
    if (c === "'") {
      const end = cmd.indexOf("'", i + 1);
      word += end < 0 ? cmd.slice(i + 1) : cmd.slice(i + 1, end);
      inWord = true;
      i = end < 0 ? cmd.length : end;
    } else if (c === '"') {
      let j = i + 1;
      while (j < cmd.length && cmd[j] !== '"') {
        if (cmd[j] === '\\' && j + 1 < cmd.length) j++;
        word += cmd[j];
        j++;
      }
      inWord = true;
      i = j;
    } else if (c === '\\' && i + 1 < cmd.length) {
      word += cmd[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') endWord();
    else if (c === ';' || c === '\n' || c === '|' || c === '&' || c === '(' || c === ')') {
      endCmd();
      if ((c === '|' || c === '&') && cmd[i + 1] === c) i++;
    } else {
      word += c;
      inWord = true;
    }
  }
  endCmd();
  return out;
}

/** The line of a JSON key path, or of the first line matching `re` when no path is given. */
export function jsonLineOf(text: string, path: string[] | null, re?: RegExp): number | null {
  if (path === null) return re ? findLine(text, re) : null;
  return jsonLine(parseTree(text), text, path);
}
