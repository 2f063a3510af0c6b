/** Shared patterns used by several rule modules. */

/** Credential stores: SSH keys, cloud and tool credentials, browser stores, keychains. */
export const CRED_PATH =
  /(?:^|[\s/\\~"'`=(])\.ssh[/\\](?:id_[a-z0-9_]{2,20}|authorized_keys|identity)|\.aws[/\\](?:credentials|config)\b|\.kube[/\\]config\b|\.docker[/\\]config\.json|(?:^|[\s/\\~"'`])\.netrc\b|(?:^|[/\\~"'`])\.git-credentials\b|\.config[/\\]gcloud\b|application_default_credentials\.json|\/etc\/shadow\b|\.gnupg\b|\.password-store\b|\.config[/\\](?:gh|hub)[/\\]hosts\.yml|\.azure[/\\](?:accessTokens|msal_token_cache)|\.terraform\.d[/\\]credentials|(?:chrome|chromium|brave|edge|opera|vivaldi)[^"'\n]{0,80}[/\\](?:login data|cookies|web data|local state)\b|\bkey[34]\.db\b|\blogins\.json\b|\bcookies\.sqlite\b|login\.keychain|\/Keychains\/|\bsecurity\s{1,3}(?:find-(?:generic|internet)-password|dump-keychain)\b|\bcmdkey\s{1,3}\/list\b|\bvaultcmd\b/i;

/** Crypto wallet files and browser-wallet extension ids. */
export const WALLET_PATH =
  /\bwallet\.dat\b|[/\\]\.electrum\b|[/\\]\.bitcoin[/\\]|\.ethereum[/\\]keystore|[/\\]keystore[/\\]UTC--|exodus\.wallet|Application Support[/\\](?:Exodus|atomic|Electrum|Ledger Live)|nkbihfbeogaeaoehlefnkodbefgpgknn|bfnaelmomeimhlpmgjnjophhpkkoljpa|hnfanknocfeofbddgcijnmhnfnkdnaad|\.config[/\\]solana[/\\]id\.json/i;

/** Code that spawns processes, as it appears inside data values (JSON strings, config). */
export const EXEC_IN_DATA =
  /require\(\s{0,2}\\?["']child_process\\?["']\s{0,2}\)|\bchild_process\\?["']?\)?\s{0,2}\.\s{0,2}(?:exec|execSync|spawn|spawnSync|execFile)\b|__import__\(\s{0,2}\\?["']os\\?["']\s{0,2}\)\s{0,2}\.\s{0,2}(?:system|popen)|Runtime\.getRuntime\(\)\.exec|process\.mainModule\.require/;

/** The agent's own instruction, memory and settings files. */
export const AGENT_FILES = String.raw`(?:\bCLAUDE\.md\b|\bAGENTS\.md\b|\.claude[/\\]settings(?:\.local)?\.json|\.cursorrules\b|\.cursor[/\\](?:rules|mcp\.json)|copilot-instructions\.md|claude_desktop_config\.json|\bMEMORY\.md\b|\.codex[/\\]|\.openclaw[/\\])`;

export const AGENT_FILE_RE = new RegExp(AGENT_FILES, 'i');

/** Words that mark a sentence as warning about, or quoting, an attack rather than making one. */
export const DISCUSSION =
  /\b(?:never|don'?t|do\s+not|avoid|prevent|detect|detects|detection|block|blocks|refuse|reject|warn|example|e\.g\.|such\s+as|attacks?|attackers?|injections?|jailbreak\s+attempt|phrases?|patterns?|red[- ]team|test\s+case|if\s+(?:a|the)\s+(?:user|document|page|tool)|watch\s+out|beware)\b/i;
