// The "Share" button of a page's bar; opens the share modal.
import { useState } from 'preact/hooks';
import type { DocumentDetail } from '../../api/types.js';
import { Icon } from '../../components/icon.js';
import { ShareModal } from './share-modal.js';

export function ShareButton({ doc }: { doc: DocumentDetail }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" class="btn btn-sm" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        <Icon name="users" size={15} /> Share
      </button>
      {open && <ShareModal doc={doc} onClose={() => setOpen(false)} />}
    </>
  );
}
