// The access-control figures of `npm run bench` (run with tsx; prints one JSON line last), on
// embedded PGlite in this process:
// 1. sign-in: email and password through the server's sign-in service (argon2id verify, the
//    session written), p50 of SIGN_IN_REPS;
// 2. a Project Viewer's list page (POST listV2, 50 of 1,000 connectors) through the core, with
//    its permission checks and with them switched off in the same build (enforcePermissions:
//    false), interleaved so that drift falls on both alike; the issue's target is ≤ 1.1×;
// 3. connector creates through the core with the audit trail (its event in the create's
//    transaction) and with events switched off in the same build (recordAudit: false), in
//    alternating batches; issue 20's target is ≥ 0.83× the throughput, read as the median of the
//    rounds' ratios (each round one batch each way, back to back), with its quartiles and the
//    ratio of the totals beside it.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { demoAuthentication, demoDirectory, VIEW_AS_HEADER } from '../../src/backend/access/demo-principals'
import { createApi } from '../../src/backend/create-api'
import { connectorRecord } from '../../src/backend/records'
import { createSeedState, PAYMENTS_SCOPE, SEED_ACCOUNT } from '../../src/backend/seed-data'
import { createSignIn } from '../../src/server/sign-in/sign-in'
import { openSqlStore } from '../../src/server/sql-store'

const CONNECTORS = 1_000
const LIST_REPS = Number(process.env.ACCESS_BENCH_REPS ?? 300)
const SIGN_IN_REPS = 30
const CREATE_ROUNDS = 40
const CREATE_BATCH = 25
const PASSWORD = 'bench password, long enough'

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN
}

async function main() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'access-bench-'))
  const store = await openSqlStore({ dataDir, secretKey: randomBytes(32), seed: createSeedState })
  try {
    const now = store.now()
    for (let index = 0; index < CONNECTORS; index++) {
      const identifier = `bench_${String(index).padStart(5, '0')}`
      await store.createConnector(
        connectorRecord(
          PAYMENTS_SCOPE,
          {
            name: `Bench ${index}`,
            identifier,
            orgIdentifier: 'default',
            projectIdentifier: 'payments',
            tags: {},
            type: 'DockerRegistry',
            spec: {
              dockerRegistryUrl: `https://r${index}.example`,
              providerType: 'Other',
              auth: { type: 'Anonymous' },
            },
          },
          { createdAt: now - index, lastModifiedAt: now - index },
        ),
      )
    }
    const options = {
      store,
      latency: 0,
      authenticate: demoAuthentication(SEED_ACCOUNT),
      principals: demoDirectory(),
    }
    const checked = createApi(options)
    const unchecked = createApi({ ...options, enforcePermissions: false })
    const url =
      'http://bench.invalid/ng/api/connectors/listV2?accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments&pageIndex=0&pageSize=50'
    const list = async (api: typeof checked) => {
      const began = performance.now()
      const response = await api(
        new Request(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [VIEW_AS_HEADER]: 'demo_project_viewer' },
          body: '{}',
        }),
      )
      if (response?.status !== 200) throw new Error(`listV2 answered ${response?.status}`)
      await response.text()
      return performance.now() - began
    }
    for (let warm = 0; warm < 30; warm++) {
      await list(checked)
      await list(unchecked)
    }
    const on: number[] = []
    const off: number[] = []
    for (let rep = 0; rep < LIST_REPS; rep++) {
      // Alternating which goes first, so that neither always runs on a warmer cache.
      if (rep % 2 === 0) {
        on.push(await list(checked))
        off.push(await list(unchecked))
      } else {
        off.push(await list(unchecked))
        on.push(await list(checked))
      }
    }

    // Creates with and without the audit trail, in alternating batches of the same size.
    const audited = createApi(options)
    const unaudited = createApi({ ...options, recordAudit: false })
    const createUrl =
      'http://bench.invalid/ng/api/connectors?accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments'
    let created = 0
    const create = async (api: typeof checked) => {
      const identifier = `audit_bench_${created++}`
      const response = await api(
        new Request(createUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            connector: {
              name: `Audit bench ${identifier}`,
              identifier,
              orgIdentifier: 'default',
              projectIdentifier: 'payments',
              tags: {},
              type: 'DockerRegistry',
              spec: {
                dockerRegistryUrl: 'https://registry.example',
                providerType: 'Other',
                auth: { type: 'Anonymous' },
              },
            },
          }),
        }),
      )
      if (response?.status !== 200) throw new Error(`create answered ${response?.status}`)
      await response.text()
    }
    const batch = async (api: typeof checked, count: number) => {
      const began = performance.now()
      for (let index = 0; index < count; index++) await create(api)
      return performance.now() - began
    }
    await batch(audited, 20)
    await batch(unaudited, 20)
    let auditedMs = 0
    let unauditedMs = 0
    // Each round's two batches run back to back, so a round's ratio sees the machine as it was
    // then; the median of the rounds' ratios is what a slow spell of a shared machine (which
    // moves the totals by a third from run to run) does not move.
    const roundRatios: number[] = []
    for (let round = 0; round < CREATE_ROUNDS; round++) {
      let withEvents: number
      let withoutEvents: number
      if (round % 2 === 0) {
        withEvents = await batch(audited, CREATE_BATCH)
        withoutEvents = await batch(unaudited, CREATE_BATCH)
      } else {
        withoutEvents = await batch(unaudited, CREATE_BATCH)
        withEvents = await batch(audited, CREATE_BATCH)
      }
      auditedMs += withEvents
      unauditedMs += withoutEvents
      roundRatios.push(withoutEvents / withEvents)
    }
    const createsEach = CREATE_ROUNDS * CREATE_BATCH
    const auditedPerSecond = (createsEach / auditedMs) * 1000
    const unauditedPerSecond = (createsEach / unauditedMs) * 1000

    const signIn = createSignIn({
      client: store.client,
      accountIdentifier: SEED_ACCOUNT,
      idleHours: 24,
      maxDays: 7,
      secureCookie: false,
    })
    const token = await signIn.service.issueSetupToken()
    if (!token) throw new Error('no setup token')
    await signIn.service.setup(token, { name: 'Bench Admin', email: 'bench@example.com', password: PASSWORD }, 'bench')
    const signIns: number[] = []
    for (let rep = 0; rep < SIGN_IN_REPS; rep++) {
      const began = performance.now()
      await signIn.service.signIn('bench@example.com', PASSWORD, `bench-${rep}`, 'bench')
      signIns.push(performance.now() - began)
    }

    const onP50 = quantile(on, 0.5)
    const offP50 = quantile(off, 0.5)
    console.log(
      JSON.stringify({
        connectors: CONNECTORS,
        listReps: LIST_REPS,
        viewerListP50: onP50,
        viewerListP95: quantile(on, 0.95),
        uncheckedListP50: offP50,
        uncheckedListP95: quantile(off, 0.95),
        ratio: onP50 / offP50,
        signInP50: quantile(signIns, 0.5),
        signInReps: SIGN_IN_REPS,
        createsEach,
        auditedCreatesPerSecond: auditedPerSecond,
        unauditedCreatesPerSecond: unauditedPerSecond,
        auditThroughputRatio: quantile(roundRatios, 0.5),
        auditThroughputRatioOfTotals: auditedPerSecond / unauditedPerSecond,
        auditThroughputRatioP25: quantile(roundRatios, 0.25),
        auditThroughputRatioP75: quantile(roundRatios, 0.75),
      }),
    )
  } finally {
    await store.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}

await main()
