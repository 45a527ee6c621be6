/** "Create wallet · 3 of 6" above the step title. */
export function StepHeader({ task, step, of, title }: { task: string; step: number; of: number; title: string }) {
  return (
    <header className="step-header">
      <p className="step" data-testid="step-indicator">
        {task} · {step} of {of}
      </p>
      <h1>{title}</h1>
    </header>
  );
}
