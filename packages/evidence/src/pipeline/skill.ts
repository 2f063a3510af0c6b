import { readSkillDocument, selectSkillMd } from '../manifest/document.js';
import type { AnalysisState } from './state.js';
import { skillContext } from './state.js';

/** Stage 4: read SKILL.md (front matter, declarations), then run the skill rules in order. */
export async function analyzeSkill(state: AnalysisState): Promise<void> {
  const files = [...state.ingest.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const skillMd = selectSkillMd(files);
  if (skillMd) {
    const text = state.files.find((f) => f.path === skillMd.path)?.text ?? '';
    state.skill = readSkillDocument(skillMd, text);
  }
  for (const rule of state.index.skill) await rule.run(skillContext(state, rule));
}
