import { z } from 'zod';

/**
 * The SKILL.md front matter (Agent Skills format). Two tiers, both zod:
 *
 * - `SkillFrontMatterReadable` is what must hold for the front matter to be read at all: keys,
 *   `name` and `description` free of control, bidi and invisible characters, and `name` and
 *   `description` scalars (text), not lists or maps. The evidence engine refuses to certify
 *   front matter that fails it (a blocking finding; the upload path answers 400).
 * - `SkillFrontMatter` is the documented format: `name` 1–64 lower-case letters, digits and
 *   hyphens, `description` 1–1024 characters, and the known optional fields typed. Deviations are
 *   reported (LOW) but real-world skills that deviate still pass.
 *
 * Unknown keys are allowed in both (skills carry tool-specific fields).
 */

export const SKILL_NAME_MAX = 64;
export const SKILL_DESCRIPTION_MAX = 1024;
export const SKILL_COMPATIBILITY_MAX = 500;

/**
 * Characters that make text read differently from how it looks: C0/C1 controls (tab, LF and CR
 * aside), bidi embeddings, overrides and isolates, zero-width and other invisible fillers,
 * deprecated format characters, Unicode tags, variation selectors of the supplement, lone
 * surrogates. ZWJ/ZWNJ, the basic variation selectors and the LRM/RLM/ALM marks are left out:
 * emoji sequences and right-to-left or joining scripts need them.
 */
export const HIDDEN_IN_TEXT =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u115f\u1160\u180e\u200b\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|[\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}\u{1d173}-\u{1d17a}]|\p{Cs}/u;

/**
 * Stricter, for one-line identifiers (keys, names, file names): any control, format or other
 * default-ignorable character, line or paragraph separator, private-use or lone-surrogate code
 * point, and spaces other than U+0020.
 */
export const HIDDEN_IN_IDENTIFIER = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}/u;

const readableText = (s: string): boolean => !HIDDEN_IN_TEXT.test(s);
const readableIdentifier = (s: string): boolean => !HIDDEN_IN_IDENTIFIER.test(s);

/** A scalar a reader can show as text (YAML may type `name: 2` as a number). */
const Scalar = z.union([z.string(), z.number(), z.boolean()]);

export const SkillFrontMatterReadable = z
  .record(z.string(), z.unknown())
  .refine((o) => Object.keys(o).every(readableIdentifier), { message: 'a key contains control, bidi or invisible characters', path: ['(keys)'] })
  .pipe(
    z.looseObject({
      name: Scalar.refine((v) => readableIdentifier(String(v)), 'contains control, bidi or invisible characters or a line break').nullish(),
      description: Scalar.refine((v) => readableText(String(v)), 'contains control, bidi or invisible characters').nullish(),
    }),
  );

const StringList = z.union([z.string(), z.array(z.string())]);
const ExternalCallDecl = z.union([
  z.string(),
  z.looseObject({ url: z.string(), method: z.string().optional(), auth: z.string().optional(), reason: z.string().optional() }),
]);

export const SkillName = z
  .string()
  .min(1)
  .max(SKILL_NAME_MAX)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and single hyphens');

export const SkillFrontMatter = z.looseObject({
  name: SkillName,
  description: z.string().trim().min(1).max(SKILL_DESCRIPTION_MAX),
  version: z.union([z.string(), z.number()]).optional(),
  license: z.string().optional(),
  compatibility: z.string().max(SKILL_COMPATIBILITY_MAX).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  'allowed-tools': StringList.optional(),
  capabilities: z.union([StringList, z.record(z.string(), z.union([z.boolean(), z.string()]))]).optional(),
  permissions: z.union([StringList, z.record(z.string(), z.union([z.boolean(), z.string()]))]).optional(),
  safety: z.looseObject({ network: z.string().optional(), filesystem: z.string().optional() }).optional(),
  externalCalls: z.array(ExternalCallDecl).optional(),
  external_calls: z.array(ExternalCallDecl).optional(),
  always: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  model: z.string().optional(),
  'disable-model-invocation': z.boolean().optional(),
  'user-invocable': z.boolean().optional(),
  'argument-hint': z.string().optional(),
});
export type SkillFrontMatter = z.infer<typeof SkillFrontMatter>;
