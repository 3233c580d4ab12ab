import { missingCase } from '../../../shared/result';
import type { Tone } from '../../components/LiveStatus';
import type { Translate } from '../../i18n/I18nProvider';
import type { ConnectionTestState } from '../connections/useConnectionTest';
import type { FormStatus } from './useSettingsForm';

/** The line next to a Save button. */
export function describeFormStatus(status: FormStatus, t: Translate): { tone: Tone; text: string } {
  switch (status.kind) {
    case 'idle':
      return { tone: 'neutral', text: '' };
    case 'saving':
      return { tone: 'pending', text: t('form.saving') };
    case 'saved':
      return { tone: 'success', text: t('form.saved') };
    case 'unchanged':
      return { tone: 'neutral', text: t('form.unchanged') };
    case 'invalid':
      return { tone: 'error', text: t('form.fixFields') };
    case 'failed':
      return { tone: 'error', text: status.message };
    default:
      return missingCase(status);
  }
}

/** The line next to a "Test connection" button: ✔ what answered and how fast, or ✖ why not. */
export function describeTest(state: ConnectionTestState, t: Translate, locale: string): { tone: Tone; text: string } {
  switch (state.kind) {
    case 'idle':
      return { tone: 'neutral', text: '' };
    case 'running':
      return { tone: 'pending', text: t('test.running') };
    case 'passed': {
      const latency = new Intl.NumberFormat(locale, { style: 'unit', unit: 'millisecond', maximumFractionDigits: 0 });
      return { tone: 'success', text: `✔ ${state.check.target} · ${latency.format(state.check.latencyMs)}` };
    }
    case 'failed':
      return { tone: 'error', text: `✖ ${state.error.message}` };
    default:
      return missingCase(state);
  }
}
