import type { CertificateSummary } from '@sigma/core';
import { useEffect, useState } from 'react';
import { Badge, ErrorMessage, Field, Loading, PageTitle, TableWrap } from '../../components/ui';
import { formatDate, shortHash } from '../../lib/format';
import { useApi, useTitle } from '../../lib/hooks';
import { Link, navigate, useQuery } from '../../lib/router';

export function SearchPage() {
  useTitle('Certificates');
  const query = useQuery();
  const q = query.get('q') ?? '';
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const res = useApi<{ certificates: CertificateSummary[] }>(`/api/v1/public/certificates?limit=50${q ? `&q=${encodeURIComponent(q)}` : ''}`);
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
        <Field label="Search by skill name, certificate or submission id, or payload hash">
          {(p) => <input {...p} type="search" value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <button type="submit">Search</button>
      </form>
      {res.loading && <Loading what="certificates" />}
      <ErrorMessage error={res.error} title="Search failed" />
      {res.data && (
        <>
          <p aria-live="polite">
            {res.data.certificates.length === 0
              ? 'No certificate matches.'
              : `${res.data.certificates.length} certificate(s)${q ? ` for “${q}”` : ', newest first'}.`}
          </p>
          {res.data.certificates.length > 0 && (
            <TableWrap label="Certificates">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Skill</th>
                    <th scope="col">Status</th>
                    <th scope="col">Level</th>
                    <th scope="col">Issued</th>
                    <th scope="col">Payload hash</th>
                  </tr>
                </thead>
                <tbody>
                  {res.data.certificates.map((c) => (
                    <tr key={c.certificateId}>
                      <td>
                        <Link to={`/certificate/${c.certificateId}`}>
                          {c.skillName ?? '(unnamed)'} {c.skillVersion ?? ''}
                        </Link>
                      </td>
                      <td>
                        <Badge value={c.status} />
                      </td>
                      <td>
                        <Badge value={c.securityLevel} />
                      </td>
                      <td>{formatDate(c.certificateIssuedAt)}</td>
                      <td className="mono">{shortHash(c.payloadHash)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </>
      )}
    </main>
  );
}
