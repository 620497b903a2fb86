import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { FormAlert } from '../../../../../components/FormAlert.tsx';
import { TextField } from '../../../../../components/TextField.tsx';
import { MutationErrorFragment } from '../../../../../graphql/fragments.ts';
import { graphql } from '../../../../../graphql/graphql.ts';
import { settle } from '../../../../../graphql/outcome.ts';

const SimulatorFaultsMutation = graphql(
  `
    mutation SimulatorFaults($input: MutationSimulateExternalFaultsInput!) {
      simulateExternalFaults(input: $input) {
        __typename
        ... on MutationSimulateExternalFaultsSuccess {
          count
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

const FAULTS_MAX = 100_000;

/** "The next N attempts to add members to the external service fail" (simulateExternalFaults). */
export function FaultsForm() {
  const { t } = useTranslation();
  const id = useId();
  const [{ fetching }, simulate] = useMutation(SimulatorFaultsMutation);
  const [count, setCount] = useState('3');
  const [countError, setCountError] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const [done, setDone] = useState<string>();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    setCountError(undefined);
    setDone(undefined);
    const value = Number(count.trim());
    if (count.trim() === '' || !Number.isInteger(value) || value < 0 || value > FAULTS_MAX) {
      setCountError(t('simulator.faults.countInvalid', { max: FAULTS_MAX }));
      return;
    }
    const result = await simulate({ input: { count: value } });
    const settled = settle(t, result.data?.simulateExternalFaults, result.error);
    if (!settled.ok) {
      if (settled.fieldErrors.has('count')) setCountError(t('simulator.faults.countInvalid', { max: FAULTS_MAX }));
      setFormError(settled.message);
      return;
    }
    const applied = settled.data.count;
    setDone(applied === 0 ? t('simulator.faults.cleared') : t('simulator.faults.done', { count: applied }));
  }

  return (
    <form className="simulator-panel simulator-faults form" aria-labelledby={`${id}-title`} onSubmit={(event) => void handleSubmit(event)} noValidate>
      <div className="simulator-panel__head">
        <h2 id={`${id}-title`} className="simulator-panel__title">
          {t('simulator.faults.title')}
        </h2>
        <p className="simulator-panel__intro">{t('simulator.faults.intro')}</p>
      </div>
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <div className="simulator-faults__row">
        <TextField
          label={t('simulator.faults.count')}
          hint={t('simulator.faults.countHint')}
          name="count"
          type="number"
          inputMode="numeric"
          min={0}
          max={FAULTS_MAX}
          step={1}
          required
          className="simulator-faults__count"
          value={count}
          onChange={(event) => {
            setCount(event.target.value);
            setCountError(undefined);
          }}
          error={countError}
        />
        <button type="submit" className="button button--primary simulator-faults__submit" disabled={fetching}>
          {fetching ? t('simulator.faults.submitting') : t('simulator.faults.submit')}
        </button>
      </div>
      {done ? <FormAlert tone="info">{done}</FormAlert> : null}
    </form>
  );
}
