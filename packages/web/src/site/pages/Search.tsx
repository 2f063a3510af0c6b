import { useEffect, useState } from 'react';
import { TextField } from '../../components/Form';
import { List } from '../../components/List';
import { Table } from '../../components/Table';
import { Badge, PageTitle } from '../../components/ui';
import { formatDate, shortHash } from '../../lib/format';
import { useApi, useTitle } from '../../lib/hooks';
import { Link, navigate, useQuery } from '../../lib/router';

export function SearchPage() {
  useTitle('Certificates');
  const query = useQuery();
  const q = query.get('q') ?? '';
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const res = useApi('/api/v1/public/certificates', { query: { limit: 50, q: q || undefined } });
  return (
    <main className="page" id="main">
      <PageTitle>Certificates</PageTitle>
      <form
        role="search"
        className="search-row"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/certificates?q=${encodeURIComponent(text.trim())}`);
        }}
      >
        <TextField label="Search by skill name, certificate or submission id, or payload hash" type="search" value={text} onChange={setText} />
        <button type="submit">Search</button>
      </form>
      <List loaded={res} what="certificates" errorTitle="Search failed" items={(d) => d.certificates} empty={<p aria-live="polite">No certificate matches.</p>}>
        {(certs) => (
          <>
            <p aria-live="polite">{`${certs.length} certificate(s)${q ? ` for “${q}”` : ', newest first'}.`}</p>
            <Table
              label="Certificates"
              rows={certs}
              rowKey={(c) => c.certificateId}
              columns={[
                {
                  header: 'Skill',
                  cell: (c) => (
                    <Link to={`/certificate/${c.certificateId}`}>
                      {c.skillName ?? '(unnamed)'} {c.skillVersion ?? ''}
                    </Link>
                  ),
                },
                { header: 'Status', cell: (c) => <Badge value={c.status} /> },
                { header: 'Level', cell: (c) => <Badge value={c.securityLevel} /> },
                { header: 'Issued', cell: (c) => formatDate(c.certificateIssuedAt) },
                { header: 'Payload hash', className: 'mono', cell: (c) => shortHash(c.payloadHash) },
              ]}
            />
          </>
        )}
      </List>
    </main>
  );
}
