'use strict';
const os = require('os');
const path = require('path');

const h = os.homedir();
module.exports = [
  path.join(h, '.npm', '_cacache'),
  path.join(h, '.cache', 'pip'),
  path.join(h, 'Library', 'Caches', 'Homebrew'),
  path.join(h, '.cache', 'yarn'),
  path.join(h, '.gradle', 'caches'),
];
