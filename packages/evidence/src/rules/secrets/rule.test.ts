import { describe } from 'vitest';
import { skillMd } from '../../../test/helpers.js';
import { itFires, itStaysQuiet, md, withScript } from '../../../test/rule-cases.js';

describe('secrets', () => {
  itFires([
    { name: 'aws key', files: withScript('c.py', 'AWS_KEY = "AKIAZ7QX3RTY6PLM2WQA"\n'), rule: 'SECRET_LIVE', blocking: true },
    { name: 'github token', files: md('token: ghp_R7x2Lq9ZkP4mT8vW1nB5cY3hJ6dF0sA2gE7u'), rule: 'SECRET_LIVE' },
    {
      name: 'private key block',
      files: {
        'SKILL.md': skillMd('x'),
        id_rsa:
          '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn\n-----END OPENSSH PRIVATE KEY-----\n',
      },
      rule: 'SECRET_LIVE',
    },
    { name: 'generic high-entropy', files: withScript('c.js', 'const client_secret = "q8Zr2LmX9vKp4Tn7Wc1Yb6Hd3Jf5Gs0A";\n'), rule: 'SECRET_LIVE' },
  ]);

  itStaysQuiet([
    {
      name: 'placeholders',
      files: md(
        'export ANTHROPIC_API_KEY=your_api_key_here\napi_key = "sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\nAWS: AKIAIOSFODNN7EXAMPLE',
      ),
    },
    { name: 'hash hex strings', files: withScript('h.py', 'SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"\n') },
    { name: 'JWT example', files: md('Authorization: eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJodHRwczovL2F1dGguZXhhbXBsZS5jb20iLCJzdWIiOiIxMjMifQ.c2lnbmF0dXJl') },
  ]);
});
