/** What every view needs: who is signed in and where the API is. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiTarget } from './api.js';
import type { Session } from './session.js';

/** The signed-in state handed to views. */
export interface AppState {
  session: Session;
  target: ApiTarget;
}

/** Provided by the shell once signed in. */
export const AppContext = createContext<AppState | null>(null);

/** The signed-in state; views are only rendered once signed in. */
export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('Rendered outside the signed-in shell');
  return state;
}
