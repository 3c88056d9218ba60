// A form that saves and then navigates: busy while saving, the error in human text if it fails.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { errorMessage } from '../api/errors.js';

export interface Submit {
  busy: boolean;
  error: string | null;
  onSubmit(e: Event): Promise<void>;
}

/** `save` resolves to the path to open once it succeeded. */
export function useSubmitAndGo(save: () => Promise<string>): Submit {
  const { route } = useLocation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      route(await save());
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return { busy, error, onSubmit };
}
