import { describe } from 'vitest';
import { itFires, itStaysQuiet, withScript } from '../../../test/rule-cases.js';

describe('code-sql-injection', () => {
  itFires([
    {
      name: 'sql f-string',
      files: withScript(
        'q.py',
        'import sqlite3\ndef find(name):\n    conn = sqlite3.connect("a.db")\n    return conn.execute(f"SELECT * FROM users WHERE name = \'{name}\'").fetchall()\n',
      ),
      rule: 'CODE_SQL_INJECTION',
    },
    {
      name: 'sql concat js',
      files: withScript('q.js', 'export async function find(db, id) {\n  return db.query("SELECT * FROM users WHERE id = " + id);\n}\n'),
      rule: 'CODE_SQL_INJECTION',
    },
  ]);

  itStaysQuiet([
    {
      name: 'parameterised SQL',
      files: withScript('q.py', 'def find(conn, name):\n    return conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchall()\n'),
    },
  ]);
});
