export const WIZARD_STEPS = [
  { id: 'overview', title: 'Overview' },
  { id: 'details', title: 'Details' },
  { id: 'delegates', title: 'Delegates Setup' },
  { id: 'test', title: 'Test Connection' },
] as const

export type WizardStepId = (typeof WIZARD_STEPS)[number]['id']

export function nextStep(step: WizardStepId): WizardStepId {
  const index = WIZARD_STEPS.findIndex((candidate) => candidate.id === step)
  return WIZARD_STEPS[Math.min(index + 1, WIZARD_STEPS.length - 1)]!.id
}

export function previousStep(step: WizardStepId): WizardStepId {
  const index = WIZARD_STEPS.findIndex((candidate) => candidate.id === step)
  return WIZARD_STEPS[Math.max(index - 1, 0)]!.id
}
