/**
 * The emitter (Fx) catalogues and evaluators write events through: events are created in the frame's
 * unit, flows recorded where tainted inputs reach sinks. It reaches back into evaluation (data,
 * members, callbacks) through the frame's evaluator, not by import.
 */
import type { BehaviourCategory } from '@sigma/core';
import type { Fx, Input, Site } from './effects.js';
import { addParamSink } from './frame.js';
import type { Frame } from './frame.js';
import type { Loc } from './ir.js';
import type { EventMore, RawEvent } from './record.js';
import { knownText } from './values.js';
import type { Val } from './values.js';

/** A call site with no arguments, for events that are not calls (reads, dynamic lookups). */
export function siteAt(ref: string, loc: Loc): Site {
  return { ref, args: [], kw: new Map(), recv: null, loc, isNew: false };
}

function looksBasic(v: Val, depth = 0): boolean {
  if (/^Basic\s/i.test(knownText(v) ?? '')) return true;
  if (depth > 1 || !v.props) return false;
  for (const x of v.props.values()) if (x.t.length && looksBasic(x, depth + 1)) return true;
  return false;
}

/** The emitter for a frame: events are created in the frame's unit, flows where tainted inputs reach sinks. */
export function fxOf(f: Frame): Fx {
  const file = f.mod.unit;
  const rec = f.prog.rec;
  const make = (site: Site, kind: RawEvent['kind'], category: BehaviourCategory, detail: string, more: EventMore = {}): RawEvent =>
    rec.event({ kind, category, detail, api: site.ref, file: file.path, line: site.loc.line, col: site.loc.col, unit: f.unit, dead: f.dead, ...more });
  const fx: Fx = {
    lang: file.lang,
    source(site, category, detail, more) {
      const ev = make(site, 'source', category, detail, more);
      const home = category === 'env' && (more?.name === 'HOME' || more?.name === 'USERPROFILE');
      return { t: [{ src: ev.key, enc: false, steps: [{ file: file.path, line: site.loc.line, note: detail }] }], ...(home ? { s: '~' } : {}) };
    },
    sink(site, category, detail, more, inputs: Input[], dest) {
      const ev = make(site, 'sink', category, detail, more);
      if (category === 'network' && ev.host)
        rec.host({ host: ev.host, file: file.path, line: site.loc.line, sink: ev.key, via: site.ref.startsWith('cmd.') ? 'command' : 'literal' });
      const all = [...inputs];
      if (dest) {
        const lead = new Set(dest.lead ?? []);
        all.push({ v: { t: dest.t.filter((t) => !lead.has(t.src)) }, pos: 'url' });
        if (!ev.host && f.sum) for (const l of lead) if (l.startsWith('param:')) f.sum.destSinks.push({ param: Number(l.slice(6)), sink: ev, bare: false });
      }
      for (const inp of all) {
        const basic = inp.pos === 'headers' && looksBasic(inp.v);
        for (const t of inp.v.t) {
          if (t.src.startsWith('param:')) addParamSink(f.sum, { param: Number(t.src.slice(6)), sink: ev, pos: inp.pos, steps: t.steps, enc: t.enc });
          else rec.flow(t, ev, inp.pos, [], ev.host, basic);
        }
      }
      return ev;
    },
    call(site, category, detail, more) {
      return make(site, 'call', category, detail, more);
    },
    pathParam(ev, p, verb) {
      const only = p.s === undefined && p.pre === undefined && p.lead?.length === 1 && p.t.length >= 1 && p.lead[0]!.startsWith('param:');
      if (only && f.sum) f.sum.destSinks.push({ param: Number(p.lead![0]!.slice(6)), sink: ev, bare: false, verb });
    },
    data: (v, site) => f.prog.ev.dataOf(f, v, site.loc),
    written: f.prog.written,
    module(name) {
      const path = f.prog.resolve(file, name);
      if (path) {
        f.prog.rec.edge(f.unit, `${path}#top`, 'called');
        f.prog.loadModule(path);
        f.mod.imports.add(path);
        const m = f.prog.loadModule(path);
        return m?.cjs ?? { t: [], module: path };
      }
      return { t: [], ref: name.replace(/^node:/, '').replace(/\//g, '.') };
    },
    callback(fn, args, site) {
      if (!fn?.fn) return;
      const unit = f.prog.unitOf(fn.fn);
      const before = f.prog.rec.edges.get(f.unit)?.get(unit);
      f.prog.ev.callFn(f, fn.fn, args, new Map(), site.loc, fn.bound ?? null);
      if (before !== 'called') f.prog.rec.edges.get(f.unit)?.set(unit, 'assumed');
    },
    member: (o, name, site) => f.prog.ev.memberOf(f, o, name, false, site.loc),
  };
  return fx;
}
