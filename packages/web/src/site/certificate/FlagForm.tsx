import { useState } from 'react';
import { Form, TextAreaField, TextField } from '../../components/Form';
import { api } from '../../lib/api';
import { useAction } from '../../lib/hooks';

/** Anyone can flag a certificate: a reason, what they observed, and optionally a contact for operators. */
export function FlagForm({ id, onFiled }: { id: string; onFiled: () => void }) {
  const a = useAction();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [evidence, setEvidence] = useState('');
  const [contact, setContact] = useState('');
  const [filed, setFiled] = useState(false);
  if (!open) {
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        Flag this certificate
      </button>
    );
  }
  return (
    <Form
      action={a}
      name="flag"
      submitLabel="File the flag"
      busyLabel="Filing…"
      canSubmit={!filed}
      resultTitle="The flag was not filed"
      onSubmit={async () => {
        const r = await api.post('/api/v1/public/certificates/{id}/flags', {
          path: { id },
          body: { reason, evidence, ...(contact.trim() ? { contact } : {}) },
        });
        setFiled(true);
        onFiled();
        return `Thank you: flag ${r.flagId} is open for operators to triage.`;
      }}
      extra={
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Close
        </button>
      }
    >
      <h3>Flag this certificate</h3>
      <TextField label="Reason" hint="A few words: what is wrong?" value={reason} onChange={setReason} maxLength={200} required />
      <TextAreaField label="Evidence" hint="What you observed; at least 10 characters." value={evidence} onChange={setEvidence} maxLength={4000} required />
      <TextField label="Contact (optional)" hint="Seen by operators only." value={contact} onChange={setContact} maxLength={200} />
    </Form>
  );
}
