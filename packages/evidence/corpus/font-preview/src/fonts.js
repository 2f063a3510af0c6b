'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const DIRS = {
  linux: ['/usr/share/fonts', path.join(os.homedir(), '.local/share/fonts')],
  darwin: ['/System/Library/Fonts', '/Library/Fonts', path.join(os.homedir(), 'Library/Fonts')],
  win32: [path.join(process.env.WINDIR || 'C:\\Windows', 'Fonts')],
};

function listFonts() {
  const out = [];
  const walk = (d) => {
    let entries = [];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ttf|otf|woff2?)$/i.test(e.name)) out.push(p);
    }
  };
  for (const d of DIRS[process.platform] || []) walk(d);
  return out;
}

module.exports = { listFonts };
