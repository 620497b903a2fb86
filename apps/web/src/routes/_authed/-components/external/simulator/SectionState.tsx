import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql, type ResultOf } from '../../../../../graphql/graphql.ts';

export const kinds = ['LINE', 'WORKS'] as const;
export type Kind = (typeof kinds)[number];

export function isKind(value: string): value is Kind {
  return kinds.some((kind) => kind === value);
}

export const SimulatorSettingsQuery = graphql(`
  query SimulatorSettings($domainId: ID!) {
    externalSettings(domainId: $domainId) {
      id
      kind
      enabled
      greetingEnabled
      restrictFiles
    }
  }
`);

export type SectionSetting = ResultOf<typeof SimulatorSettingsQuery>['externalSettings'][number];

/** One section's settings in a domain (undefined while loading or without a domain). */
export function useSectionSetting(domainId: string | undefined, kind: Kind): SectionSetting | undefined {
  const [{ data }] = useQuery({ query: SimulatorSettingsQuery, variables: { domainId: domainId ?? '' }, pause: !domainId });
  return data?.externalSettings.find((setting) => setting.kind === kind);
}

/** The rules that apply to what the simulator does: use status, greeting, file restriction. */
export function SectionState({ setting }: { setting: SectionSetting }) {
  const { t } = useTranslation();
  return (
    <ul className="simulator-state" aria-label={t('simulator.sectionState.label')}>
      <li className={`badge ${setting.enabled ? 'simulator-tone--ok' : 'simulator-tone--danger'}`}>
        {setting.enabled ? t('simulator.sectionState.on') : t('simulator.sectionState.off')}
      </li>
      <li className="badge simulator-tone--neutral">
        {setting.greetingEnabled ? t('simulator.sectionState.greetingOn') : t('simulator.sectionState.greetingOff')}
      </li>
      <li className={`badge ${setting.restrictFiles ? 'simulator-tone--warn' : 'simulator-tone--neutral'}`}>
        {setting.restrictFiles ? t('simulator.sectionState.filesRestricted') : t('simulator.sectionState.filesAllowed')}
      </li>
    </ul>
  );
}
