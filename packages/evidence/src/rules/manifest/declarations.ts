import { lineOfKey } from '../../manifest/document.js';
import { skillRule } from '../rule.js';

const DIRECTIVE = /\b(?:download|run|execute|install|paste|terminal)\b[^\n]{0,120}\b(?:\.exe|\.zip|\.dmg|\.pkg|\.sh|command|password|terminal|script)\b/i;
const CLAIMS_EVERY_TASK =
  /\buse\s{1,3}this\s{1,3}skill\s{1,3}(?:for\s{1,3}(?:every|all|any)thing|always|first|for\s{1,3}(?:every|all|any)\s{1,3}(?:task|request|question|message|conversation)s?)|\balways\s{1,3}(?:use|invoke|load|activate|trigger)\s{1,3}(?:this|me)\b|\b(?:for|on)\s{1,3}(?:every|all|any)\s{1,3}(?:tasks?|requests?|questions?|messages?|prompts?|conversations?)\b/i;

/** The skill's own declarations: always loaded, install directives in the description, a description that claims every task. */
export const SKILL_DECLARATIONS = skillRule({
  name: 'skill-declarations',
  meta: [
    {
      id: 'MANIFEST_ALWAYS_LOADED',
      title: 'Skill asks to be always loaded (always: true)',
      category: 'persistence',
      severity: 'MEDIUM',
      confidence: 'HIGH',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST03'],
      why: '`always: true` puts the skill into every session whether or not it is relevant, which widens what it can influence.',
      remediation: 'Remove `always: true` unless the skill truly must be active in every session.',
    },
    {
      id: 'MANIFEST_TRIGGER_ABUSE',
      title: 'Description claims every task',
      category: 'manifest',
      severity: 'MEDIUM',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST04', 'OWASP-AST03'],
      why: 'A description written to be selected for any request (keyword stuffing, "always use this skill") hijacks skill selection.',
      remediation: 'Describe the specific tasks the skill is for.',
    },
    {
      id: 'MANIFEST_DESCRIPTION_DIRECTIVE',
      title: 'Install or run directive inside the description',
      category: 'manifest',
      severity: 'HIGH',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'promptInjection',
      owasp: ['OWASP-AST04', 'OWASP-AST01'],
      why: 'The description is shown when agents choose skills; download/run directives there target the agent before the skill is even opened.',
      remediation: 'Keep the description to what the skill does.',
    },
  ],
  run(ctx) {
    const doc = ctx.skill;
    if (!doc) return;
    const decl = doc.declared;
    if (decl.always) ctx.report({ ruleId: 'MANIFEST_ALWAYS_LOADED', file: doc.path, line: lineOfKey(doc.text, 'always'), excerpt: 'always: true' });
    if (decl.description && DIRECTIVE.test(decl.description)) {
      ctx.report({ ruleId: 'MANIFEST_DESCRIPTION_DIRECTIVE', file: doc.path, line: lineOfKey(doc.text, 'description'), excerpt: decl.description });
    }
    if (decl.description && CLAIMS_EVERY_TASK.test(decl.description)) {
      ctx.report({ ruleId: 'MANIFEST_TRIGGER_ABUSE', file: doc.path, line: lineOfKey(doc.text, 'description'), excerpt: decl.description });
    }
  },
});
