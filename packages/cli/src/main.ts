import { ProductType } from '@sigma/core';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { saveBundle, verifyBundleFile } from './commands/bundle.js';
import { certificate, type CertificateOptions } from './commands/certificate.js';
import { buyCredits, credits } from './commands/credits.js';
import { pinAdd, pinCheck, type PinAddOptions, type PinCheckOptions } from './commands/pin.js';
import { status } from './commands/status.js';
import { parsePay, submit } from './commands/submit.js';
import { validate } from './commands/validate.js';
import { CliError, EXIT, resolveConfig } from './config.js';
import { serveHttp, serveStdio } from './mcp/run.js';
import { processIo, type Io } from './io.js';

/** A whole number from 1 to `max`, for an option; anything else is a usage error (exit 2) before any request. */
const wholeNumber =
  (max = Number.MAX_SAFE_INTEGER) =>
  (value: string): number => {
    const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
    if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`give a whole number from 1 to ${max}.`);
    return n;
  };

/** `--pay` checked while parsing, so a bad method fails before any file is read or request sent. */
const payMethod = (value: string): string => {
  try {
    parsePay(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  return value;
};

/**
 * `sigma` — the SIGMA command line. Returns the exit code (`EXIT` in config.ts): 0 done, 1 a negative
 * outcome (blocking findings, a rejected submission, a certificate that does not verify), 2 bad usage
 * or input, 3 the API could not be reached or answered with an error.
 */
export async function run(argv: string[], io: Io = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('sigma')
    .description('SIGMA: verify skills and certificates')
    .option('--api-url <url>', 'SIGMA API base URL (env SIGMA_API_URL)')
    .option('--api-key <key>', 'developer API key (env SIGMA_API_KEY)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) });
  const cfg = () => resolveConfig(program.opts<{ apiUrl?: string; apiKey?: string }>(), env);

  program
    .command('validate')
    .description('run the evidence engine offline on a SKILL.md, folder, archive or git repository')
    .argument('<path>', 'SKILL.md, folder, .zip/.tar.gz, or git repository (path or URL)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--ref <commit>', 'commit to check out for a git repository')
    .action(async (path: string, o: { format: string; ref?: string }) => {
      code = await validate(path, o, io);
    });

  program
    .command('submit')
    .description('submit a skill for review and print its id')
    .argument('<path>', 'SKILL.md, folder, archive, or git URL (with --ref)')
    .addOption(new Option('--category <category>', 'productType').choices(ProductType.options).default('SKILL'))
    .option('--notes <text>', 'developer note for reviewers (a claim to check, not a fact)')
    .option('--ref <commit>', 'pinned commit for a git URL')
    .option('--entry <path>', 'entry point (code categories)')
    .option('--sandbox-base-url <url>', 'API categories: your sandbox, where non-read-only methods are tried')
    .option('--idempotency-key <key>', 'make a retried submit return the same submission')
    .option('--wait', 'follow the submission until it is decided')
    .option('--pay <method>', 'credits | voucher:CODE | x402 (x402 needs SIGMA_WALLET_KEY or --wallet-key-file)', payMethod, 'credits')
    .option('--wallet-key-file <file>', 'x402 wallet private key file (else env SIGMA_WALLET_KEY)')
    .option('--json', 'machine-readable output')
    .action(async (path: string, o: Parameters<typeof submit>[2]) => {
      code = await submit(cfg(), path, o, io, env);
    });

  const creditsCmd = program
    .command('credits')
    .description('show your credit balance (1 USDC = 100 credits) and recent movements')
    .option('--limit <n>', 'how many movements to show (1–200)', wholeNumber(200), 10)
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean; limit: number }) => {
      code = await credits(cfg(), o, io);
    });
  creditsCmd
    .command('buy')
    .description('buy credits with x402 (USDC from your wallet, gasless)')
    .argument('<credits>', 'how many credits')
    .option('--wallet-key-file <file>', 'wallet private key file (else env SIGMA_WALLET_KEY)')
    .option('--json', 'machine-readable output')
    .action(async (n: string, o: { json?: boolean; walletKeyFile?: string }) => {
      // `--json` may be read by the parent `credits` command; honour it from either.
      code = await buyCredits(cfg(), n, { ...o, json: o.json || creditsCmd.opts<{ json?: boolean }>().json }, io, env);
    });

  program
    .command('status')
    .description('show a submission: status, timeline, reasons, certificate')
    .argument('<id>', 'submission id')
    .option('--watch', 'follow until APPROVED or REJECTED')
    .option('--timeout <seconds>', 'give up watching after this many seconds', wholeNumber(), 600)
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { watch?: boolean; json?: boolean; timeout: number }) => {
      code = await status(cfg(), id, { watch: o.watch, json: o.json, timeoutSeconds: o.timeout }, io);
    });

  program
    .command('certificate')
    .description('fetch a certificate; --verify checks it locally; --bundle checks a saved bundle offline')
    .argument('[id]', 'certificate id (with --bundle it may be left out, or be the word `verify`)')
    .option('--verify', 'recompute the payload hash and check the issuer signature locally')
    .option('--bundle <file>', 'verify an offline bundle (GET …/certificates/:id/bundle) with no network')
    .option('--save-bundle <file>', 'download the certificate’s offline bundle to a file')
    .option('--file <SKILL.md>', 'also check a local SKILL.md against the certified skillHash')
    .option('--dir <folder>', 'also recompute codeHash (and skillHash) over a local folder and compare with the certificate')
    .option('--issuer <address>', 'trust this issuer address (default: the server’s /.well-known/sigma-issuer; with --bundle: the bundle’s)')
    .option('--chain <rpc-url>', 'also check the on-chain commitment directly through this RPC')
    .option('--registry <address>', 'certificate registry to check with --chain (default: from the certificate)')
    .option('--json', 'machine-readable output')
    .action(async (id: string | undefined, o: CertificateOptions & { bundle?: string; saveBundle?: string }) => {
      if (o.bundle) {
        if (o.file || o.chain || o.saveBundle || o.dir)
          throw new CliError('--bundle is offline: it cannot be combined with --file, --dir, --chain or --save-bundle', EXIT.usage);
        code = await verifyBundleFile(o.bundle, { id: id === 'verify' ? undefined : id, issuer: o.issuer, json: o.json }, io);
      } else if (!id) throw new CliError('give a certificate id, or --bundle <file>', EXIT.usage);
      else if (o.saveBundle) code = await saveBundle(cfg(), id, o.saveBundle, io);
      else code = await certificate(cfg(), id, o, io);
    });

  const pin = program.command('pin').description('pin certified content in a sigma.lock.json and check it (CI: docs/pin.md)');
  pin
    .command('add')
    .description('pin a folder to a certificate: verify it, check the folder matches, write sigma.lock.json')
    .argument('<certificateId>', 'certificate id')
    .option('--dir <folder>', 'the skill folder that was certified', '.')
    .option('--lock <file>', 'the lock file (default: sigma.lock.json beside the skill folder, in its parent)')
    .option('--issuer <address>', 'trust this issuer address (default: the server’s /.well-known/sigma-issuer)')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: PinAddOptions) => {
      code = await pinAdd(cfg(), id, o, io);
    });
  pin
    .command('check')
    .description('verify every pin offline, recompute the folders’ hashes, ask the service for live status')
    .option('--dir <folder>', 'the folder holding sigma.lock.json (beside the skills)', '.')
    .option('--lock <file>', 'the lock file (default: <dir>/sigma.lock.json)')
    .option('--issuer <address>', 'trust this issuer address instead of each pin’s own')
    .option('--offline', 'do not ask the service for live status')
    .option('--require-live', 'exit 3 when the service cannot be reached')
    .option('--json', 'machine-readable output')
    .action(async (o: PinCheckOptions) => {
      code = await pinCheck(cfg(), o, io, program.opts<{ apiUrl?: string }>().apiUrl ?? env.SIGMA_API_URL);
    });

  program
    .command('mcp')
    .description('serve SIGMA to agents over the Model Context Protocol (stdio; --http for streamable HTTP)')
    .option('--http <port>', 'serve streamable HTTP at http://<host>:<port>/mcp instead of stdio', wholeNumber(65535))
    .option('--host <host>', 'address to listen on with --http', '127.0.0.1')
    .action(async (o: { http?: number; host: string }) => {
      code = o.http ? await serveHttp(cfg(), o.http, o.host, io) : await serveStdio(cfg());
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (err instanceof CliError) {
      io.err(`error: ${err.message}`);
      return err.exitCode;
    }
    io.err(`error: ${(err as Error).message}`);
    return EXIT.api;
  }
}
