import { unitRule } from '../rule.js';
import { codeModel } from './model.js';
import { addCap, eachMatch, isParsedCode } from '../unit.js';

interface CapPattern {
  cap: 'shell' | 'env' | 'process' | 'filesystem' | 'wallet' | 'network';
  re: RegExp;
}

const PY_CAPS: CapPattern[] = [
  {
    cap: 'process',
    re: /\bsubprocess\.(?:run|call|Popen|check_output|check_call|getoutput|getstatusoutput)\s{0,2}\(|\bos\.(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?|startfile|fork|kill)\s{0,2}\(|\bpty\.spawn\(|\bcreate_subprocess_(?:exec|shell)\(/g,
  },
  { cap: 'shell', re: /\bos\.(?:system|popen)\s{0,2}\(|\bshell\s{0,2}=\s{0,2}True\b|\bcreate_subprocess_shell\(|\bsubprocess\.getoutput\(/g },
  { cap: 'env', re: /\bos\.environ\b|\b(?:os\.)?getenv\s{0,2}\(|\benviron\.get\s{0,2}\(|\bload_dotenv\s{0,2}\(/g },
  {
    cap: 'filesystem',
    re: /(?<![\w.])open\s{0,2}\(|\.(?:read_text|write_text|read_bytes|write_bytes|mkdir|unlink|rmdir|rename|touch)\s{0,2}\(|\bshutil\.\w{2,20}\(|\bos\.(?:remove|unlink|rename|makedirs|mkdir|listdir|walk|scandir|rmdir|chmod|chown)\s{0,2}\(|\bglob\.i?glob\s{0,2}\(/g,
  },
  {
    cap: 'network',
    re: /\brequests\.(?:get|post|put|patch|delete|head|request|Session)\b|\bhttpx\.\w{2,12}\b|\burllib\.request\b|\burlopen\s{0,2}\(|\burlretrieve\s{0,2}\(|\bhttp\.client\b|\bHTTPS?Connection\s{0,2}\(|\bsocket\.socket\s{0,2}\(|\baiohttp\.|\bwebsockets?\.connect|\bsmtplib\.|\bftplib\.|\bparamiko\.|\b(?:Anthropic|OpenAI|AsyncAnthropic|AsyncOpenAI)\s{0,2}\(/g,
  },
  {
    cap: 'wallet',
    re: /\bAccount\.(?:from_key|create|from_mnemonic)\b|\beth_account\b|\.sign_transaction\s{0,2}\(|\bsend_raw_transaction\b|\bKeypair\.from_(?:secret_key|seed)\b|\bMnemonic\s{0,2}\(|\bbip39\b|\bHDWallet\b/g,
  },
];

const JS_CAPS: CapPattern[] = [
  {
    cap: 'process',
    re: /\bchild_process\b|(?<![\w.$])(?:execSync|spawnSync|execFileSync|spawn|execFile)\s{0,2}\(|\bBun\.spawn\b|\bDeno\.(?:run|Command)\b|\bexeca\b|\bshelljs\b/g,
  },
  { cap: 'shell', re: /(?<![\w.$])(?:execSync)\s{0,2}\(|\bshell\s{0,2}:\s{0,2}true\b|\bshelljs\b/g },
  { cap: 'env', re: /\bprocess\.env\b|\bDeno\.env\b|\bimport\.meta\.env\b|\bdotenv\b/g },
  {
    cap: 'filesystem',
    re: /\bfs\.\w{3,20}\b|(?<![\w.$])(?:readFileSync|writeFileSync|readFile|writeFile|appendFile|appendFileSync|createReadStream|createWriteStream|readdirSync|readdir|mkdirSync|rmSync|unlinkSync|copyFileSync)\s{0,2}\(|\bDeno\.(?:readTextFile|writeTextFile|readFile|writeFile)\b/g,
  },
  {
    cap: 'network',
    re: /(?<![\w.$])fetch\s{0,2}\(|\baxios\b|\bhttps?\.(?:request|get)\s{0,2}\(|\bnew\s{1,3}WebSocket\s{0,2}\(|\bnet\.(?:connect|createConnection)\s{0,2}\(|\bXMLHttpRequest\b|\bundici\b|\bnew\s{1,3}(?:Anthropic|OpenAI)\s{0,2}\(/g,
  },
  {
    cap: 'wallet',
    re: /\bethers\.Wallet\b|\bnew\s{1,3}Wallet\s{0,2}\(|\bWallet\.fromMnemonic\b|\bfromSecretKey\b|\bsignTransaction\b|\bsendTransaction\b|\bprivateKeyToAccount\b|\bmnemonicToSeed\w{0,6}\b|\bbip39\b/g,
  },
];

/** Capability evidence from Python and JS/TS calls (process, shell, env, filesystem, network, wallet); reports nothing itself. */
export const CODE_CAPABILITIES = unitRule({
  name: 'code-capabilities',
  decoded: false,
  when: isParsedCode,
  meta: [],
  run(u, ctx) {
    const { py, code } = codeModel(u);
    const facts = ctx.facts;
    // ── capabilities ──
    for (const p of py ? PY_CAPS : JS_CAPS) {
      eachMatch(p.re, code, (m) => addCap(facts, p.cap, u, m.index, m[0].trim()), 10);
    }
    if (!py && /\bchild_process\b/.test(code)) {
      eachMatch(
        /(?<![\w.$])exec\s{0,2}\(/g,
        code,
        (m) => {
          addCap(facts, 'process', u, m.index, 'exec(');
          addCap(facts, 'shell', u, m.index, 'exec(');
        },
        5,
      );
    }
  },
});
