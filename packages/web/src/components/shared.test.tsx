import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api';
import type { Action, Loaded } from '../lib/hooks';
import { Form, RadioGroup, SelectField, TextAreaField, TextField } from './Form';
import { List } from './List';
import { Table } from './Table';
import { VerdictList, type VerdictItem } from './VerdictList';

const loaded = <T,>(over: Partial<Loaded<T>>): Loaded<T> => ({ data: null, error: null, loading: false, reload: () => undefined, ...over });
const action = (over: Partial<Action> = {}): Action => ({ busy: null, error: null, done: null, run: async () => true, clear: () => undefined, ...over });

describe('Table', () => {
  const rows = [
    { id: 'a', name: 'SKILL', price: 100, note: '<b>x</b>' },
    { id: 'b', name: 'API', price: 250, note: '' },
  ];
  const table = (over: Partial<Parameters<typeof Table<(typeof rows)[number]>>[0]> = {}) =>
    renderToStaticMarkup(
      <Table
        label="Prices"
        rows={rows}
        rowKey={(r) => r.id}
        rowClassName={(r) => (r.id === 'b' ? 'retired' : undefined)}
        columns={[
          { header: 'Category', rowHeader: true, cell: (r) => r.name },
          { header: 'Price', num: true, className: (r) => (r.price > 200 ? 'debit' : 'credit'), cell: (r) => r.price },
          { header: 'Note', className: 'wrap', cell: (r) => r.note },
        ]}
        {...over}
      />,
    );

  it('labels its scroll region, heads columns and rows, and escapes cells', () => {
    const html = table();
    expect(html).toContain('role="region" aria-label="Prices" tabindex="0"');
    expect(html).toContain('<th scope="col">Category</th><th scope="col" class="num">Price</th>');
    expect(html).toContain('<th scope="row">SKILL</th><td class="num credit">100</td><td class="wrap">&lt;b&gt;x&lt;/b&gt;</td>');
    expect(html).toContain('<tr class="retired"><th scope="row">API</th><td class="num debit">250</td>');
  });

  it('says so instead of an empty table when asked, and keeps a caption for screen readers', () => {
    expect(table({ rows: [], empty: 'No prices.' })).toBe('<p>No prices.</p>');
    expect(table({ rows: [], empty: null })).toBe('');
    expect(table({ rows: [] })).toContain('<tbody></tbody>');
    expect(table({ caption: 'How', captionHidden: true })).toContain('<caption class="sr-only">How</caption>');
  });
});

describe('List', () => {
  const render = (l: Loaded<{ items: string[] }>) =>
    renderToStaticMarkup(
      <List loaded={l} what="your keys" items={(d) => d.items} empty="No keys yet.">
        {(items) => (
          <ul>
            {items.map((i) => (
              <li key={i}>{i}</li>
            ))}
          </ul>
        )}
      </List>,
    );

  it('shows progress, then the API error with its code, then nothing or the items', () => {
    expect(render(loaded({ loading: true }))).toContain('Loading your keys…');
    const failed = render(loaded({ error: new ApiError('SIGMA_E_AUTH_REQUIRED', 'Sign in first.', 401) }));
    expect(failed).toContain('Could not load your keys');
    expect(failed).toContain('SIGMA_E_AUTH_REQUIRED');
    expect(render(loaded({ data: { items: [] } }))).toBe('<p>No keys yet.</p>');
    expect(render(loaded({ data: { items: ['ci', '<laptop>'] } }))).toBe('<ul><li>ci</li><li>&lt;laptop&gt;</li></ul>');
    // A reload keeps the items on screen instead of flashing progress.
    expect(render(loaded({ loading: true, data: { items: ['ci'] } }))).not.toContain('Loading');
  });
});

describe('Form and fields', () => {
  const form = (a: Action, canSubmit = true) =>
    renderToStaticMarkup(
      <Form action={a} submitLabel="Save" busyLabel="Saving…" canSubmit={canSubmit} progress="Writing…" onSubmit={async () => 'Saved.'}>
        <TextField id="n" label="Name" hint="Letters" error="Required" value="" onChange={() => undefined} />
      </Form>,
    );

  it('disables the submit button while invalid or busy, and says what is happening', () => {
    expect(form(action())).toContain('<button type="submit">Save</button>');
    expect(form(action(), false)).toContain('<button type="submit" disabled="">Save</button>');
    const busy = form(action({ busy: 'submit' }));
    expect(busy).toContain('disabled="">Saving…</button>');
    expect(busy).toContain('role="status"');
    expect(busy).toContain('Writing…');
  });

  it('shows the API error with its code, or what was done', () => {
    const failed = form(action({ error: new ApiError('SIGMA_E_REQUEST_INVALID', 'name: Required', 400) }));
    expect(failed).toContain('role="alert"');
    expect(failed).toContain('SIGMA_E_REQUEST_INVALID');
    expect(form(action({ done: 'Saved.' }))).toContain('<div class="alert alert-ok" role="status">Saved.</div>');
  });

  it('labels every control and links its hint and error', () => {
    const html = form(action());
    expect(html).toContain('<label for="n">Name</label>');
    expect(html).toContain('aria-describedby="n-hint n-err"');
    expect(html).toContain('aria-invalid="true"');
    const area = renderToStaticMarkup(<TextAreaField id="r" label="Reason" mono value="<x>" onChange={() => undefined} />);
    expect(area).toContain('<textarea id="r" class="mono">&lt;x&gt;</textarea>');
    const select = renderToStaticMarkup(
      <SelectField<'A' | 'B' | 'C'>
        id="s"
        label="Kind"
        value="B"
        onChange={() => undefined}
        options={['A', { value: 'B', label: 'Bee' }, { value: 'C', disabled: true }]}
      />,
    );
    expect(select).toContain('<option value="A">A</option><option value="B" selected="">Bee</option><option value="C" disabled="">C</option>');
    const radios = renderToStaticMarkup(
      <RadioGroup
        legend="Decision"
        name="d"
        value="REJECT"
        onChange={() => undefined}
        options={[
          { value: 'APPROVE', label: 'Approve' },
          { value: 'REJECT', label: 'Reject' },
        ]}
      />,
    );
    expect(radios).toContain('<legend>Decision</legend>');
    expect(radios).toContain('<label><input type="radio" name="d" checked="" value="REJECT"/> Reject</label>');
  });
});

describe('VerdictList', () => {
  const v = (over: Partial<VerdictItem>): VerdictItem => ({
    phase: 1,
    ownerAddress: '0xowner',
    sessionAddress: '0xsession',
    modelFamily: 'offline-a',
    verdict: 'SAFE',
    status: 'VOTED',
    blocking: false,
    severity: 'LOW',
    rationale: 'Only arithmetic.',
    ...over,
  });

  it('groups verdicts by phase, in order, with the count and every sealed field', () => {
    const html = renderToStaticMarkup(
      <VerdictList
        idPrefix="sealed"
        verdicts={[v({ phase: 2, verdict: 'UNSAFE', blocking: true, rationale: '<script>alert(1)</script>' }), v({}), v({ sessionAddress: '0xother' })]}
      />,
    );
    expect(html.indexOf('Phase 1 — first panel (2 validators)')).toBeGreaterThan(-1);
    expect(html.indexOf('Phase 1')).toBeLessThan(html.indexOf('Phase 2 — fresh panel (1 validator)'));
    expect(html).toContain('<h3 id="sealed-phase-1">');
    expect(html).toContain('aria-labelledby="sealed-phase-2"');
    expect(html).toContain('class="verdict unsafe"');
    expect(html).toContain('BLOCKING');
    expect(html).toContain('0xsession');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('weight');
  });

  it('shows what the console knows of a live round: validator, model, weight and cited findings', () => {
    const html = renderToStaticMarkup(
      <VerdictList
        idPrefix="round-1"
        level={4}
        verdicts={[
          v({
            validatorId: 'val1',
            modelId: 'm-1',
            weight: 1.5,
            status: 'PENDING',
            verdict: null,
            findings: [{ severity: 'HIGH', summary: 'Calls home', evidenceIds: ['e1', 'e2'] }],
          }),
        ]}
      />,
    );
    expect(html).toContain('<h4 id="round-1-phase-1">');
    expect(html).toContain('weight 1.500');
    expect(html).toContain('m-1');
    expect(html).toContain('val1');
    expect(html).toContain('PENDING');
    expect(html).toContain('cites e1, e2');
    expect(renderToStaticMarkup(<VerdictList idPrefix="x" verdicts={[]} />)).toBe('<p>No verdicts yet.</p>');
  });
});
