/** The Create flow's pure step machine. */
import { describe, expect, it } from 'vitest';
import { createSteps, nextStep, previousStep, stepNumber } from '../../renderer/flows/create/machine';

describe('Create flow steps', () => {
  it('the computer’s generator skips the rolls step', () => {
    expect(createSteps('csprng')).toEqual(['length', 'source', 'words', 'quiz', 'passphrase', 'done']);
    expect(createSteps('dice')).toEqual(['length', 'source', 'entropy', 'words', 'quiz', 'passphrase', 'done']);
  });
  it('next and step numbers', () => {
    expect(nextStep('source', 'coins')).toBe('entropy');
    expect(nextStep('source', 'csprng')).toBe('words');
    expect(nextStep('done', 'csprng')).toBe('done');
    expect(stepNumber('quiz', 'dice')).toEqual({ step: 5, of: 7 });
  });
  it('back from the quiz shows the words again; no way back once the words are gone', () => {
    expect(previousStep('quiz', 'dice')).toBe('words');
    expect(previousStep('words', 'csprng')).toBe('source');
    expect(previousStep('passphrase', 'dice')).toBeNull();
    expect(previousStep('done', 'dice')).toBeNull();
    expect(previousStep('length', 'dice')).toBeNull();
  });
});
