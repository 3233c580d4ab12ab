import type { Command } from 'commander';
import { coerceSettingText, defaultSettings, isSettingKey, settingKeys, type SettingKey, type Settings } from '../../../shared/settings';
import { CliExit, EXIT, unwrap } from '../io';
import type { CliContext } from '../main';

/** `vitrina config get [KEY]`, `config set KEY VALUE`, `config unset KEY`: the Settings screen's keys. */
export function registerConfig(program: Command, context: () => CliContext): void {
  const config = program.command('config').description('read and change settings (not secrets)');

  config
    .command('get [key]')
    .description('print one setting, or all of them')
    .action(async (key?: string) => {
      const ctx = context();
      const settings = unwrap(await ctx.core().dispatch('getSettings', undefined)) as Settings;
      if (key !== undefined) {
        const k = knownKey(key);
        ctx.output(settings[k], String(settings[k]));
      } else {
        ctx.output(settings, settingKeys.map((k) => `${k} = ${String(settings[k])}`).join('\n'));
      }
    });

  config
    .command('set <key> <value>')
    .description('validate and save one setting')
    .action(async (key: string, value: string) => {
      const ctx = context();
      const k = knownKey(key);
      const settings = unwrap(await ctx.core().dispatch('updateSettings', { [k]: coerceSettingText(k, value) })) as Settings;
      ctx.output({ [k]: settings[k] }, `${k} = ${String(settings[k])}`);
    });

  config
    .command('unset <key>')
    .description('reset one setting to its default')
    .action(async (key: string) => {
      const ctx = context();
      const k = knownKey(key);
      const settings = unwrap(await ctx.core().dispatch('updateSettings', { [k]: defaultSettings[k] })) as Settings;
      ctx.output({ [k]: settings[k] }, `${k} = ${String(settings[k])}`);
    });
}

function knownKey(key: string): SettingKey {
  if (isSettingKey(key)) return key;
  throw new CliExit(EXIT.usage, `Unknown setting "${key}". Known settings: ${settingKeys.join(', ')}.`);
}
