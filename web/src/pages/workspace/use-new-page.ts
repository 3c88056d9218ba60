// "New page" at the top level of the workspace: create it and open it; a failure shows as a toast.
import { useLocation } from 'preact-iso';
import { errorMessage } from '../../api/errors.js';
import { toast } from '../../components/toasts.js';
import { createPage, workspace } from './store.js';

export function useNewPage(): () => Promise<void> {
  const { route } = useLocation();
  const ws = workspace.value!;
  return async () => {
    try {
      const doc = await createPage(null);
      route(`/w/${ws.id}/d/${doc.id}`);
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };
}
