/** The Create flow's steps, as a pure function of the chosen entropy source. */
export type CreateStep = 'length' | 'source' | 'entropy' | 'words' | 'quiz' | 'passphrase' | 'done';
export type SourceChoice = 'csprng' | 'dice' | 'coins';

export function createSteps(source: SourceChoice): CreateStep[] {
  return source === 'csprng'
    ? ['length', 'source', 'words', 'quiz', 'passphrase', 'done']
    : ['length', 'source', 'entropy', 'words', 'quiz', 'passphrase', 'done'];
}

export function nextStep(step: CreateStep, source: SourceChoice): CreateStep {
  const steps = createSteps(source);
  return steps[Math.min(steps.indexOf(step) + 1, steps.length - 1)] as CreateStep;
}

/** Back from the quiz returns to the words (to look again); from the passphrase, nowhere: the words are gone. */
export function previousStep(step: CreateStep, source: SourceChoice): CreateStep | null {
  if (step === 'length' || step === 'passphrase' || step === 'done') return null;
  const steps = createSteps(source);
  return steps[steps.indexOf(step) - 1] ?? null;
}

export function stepNumber(step: CreateStep, source: SourceChoice): { step: number; of: number } {
  const steps = createSteps(source);
  return { step: steps.indexOf(step) + 1, of: steps.length };
}
