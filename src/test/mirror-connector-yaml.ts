// Test support: a connector as a user pastes it into Create via YAML, for the component test and
// the browser test. A private registry of the simulated world (user demo, the Demo password
// secret), its URL first given without its scheme, which the API refuses at line 7.
export const MIRROR_YAML = `connector:
  name: Registry mirror
  identifier: registry_mirror
  type: DockerRegistry
  spec:
    providerType: Other
    dockerRegistryUrl: registry.acme.test:5000
    auth:
      type: UsernamePassword
      spec:
        username: demo
        passwordRef: demo_password
`
