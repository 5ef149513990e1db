/**
 * How the app learns that data changed elsewhere (another tab, another user). The demo's store
 * hears its other tabs on a BroadcastChannel and, once it has read their change, dispatches
 * DATA_CHANGED_EVENT on the window; against a server, the app watches the server's change count.
 * Either way the open lists refetch.
 */
export const DATA_CHANGED_EVENT = 'connectors:data-changed'

/** The demo's channel between the tabs of one browser. */
export const DEMO_CHANGES_CHANNEL = 'artifact-repository-connectors-demo'
