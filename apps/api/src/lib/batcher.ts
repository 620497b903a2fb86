/**
 * Combines concurrent requests for the same kind of write into one database statement (and commit),
 * so the cost per request falls as load rises. Nothing waits for a batch to fill: an item is run at
 * once when fewer than `maxConcurrent` batches are running; otherwise it joins the queue and goes with
 * the next batch, together with every other item that arrived meanwhile (at most `maxBatch`).
 * Under no load each item is a batch of one.
 *
 * `run` answers one result per item, in order (a result may itself carry an error for that item);
 * when it rejects, every item of the batch rejects with that error.
 */
export class Batcher<In, Out> {
  private readonly queue: { input: In; resolve: (value: Out) => void; reject: (reason: unknown) => void }[] = []
  private running = 0
  private scheduled = false

  constructor(
    private readonly run: (inputs: In[]) => Promise<Out[]>,
    private readonly options: { maxConcurrent: number; maxBatch: number },
  ) {}

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, resolve, reject })
      this.schedule()
    })
  }

  /** Starts batches while there is room; on the next microtask, so items submitted in the same tick go together. */
  private schedule() {
    if (this.scheduled || this.running >= this.options.maxConcurrent || this.queue.length === 0) return
    this.scheduled = true
    queueMicrotask(() => {
      this.scheduled = false
      while (this.running < this.options.maxConcurrent && this.queue.length > 0) this.start(this.queue.splice(0, this.options.maxBatch))
    })
  }

  private start(batch: { input: In; resolve: (value: Out) => void; reject: (reason: unknown) => void }[]) {
    this.running += 1
    let outcome: Promise<Out[]>
    try {
      outcome = this.run(batch.map((item) => item.input))
    } catch (error) {
      outcome = Promise.reject(error)
    }
    outcome
      .then(
        (results) => {
          if (results.length !== batch.length) throw new Error(`A batch of ${batch.length} answered ${results.length} results`)
          for (const [index, item] of batch.entries()) item.resolve(results[index] as Out)
        },
        (error: unknown) => {
          for (const item of batch) item.reject(error)
        },
      )
      .catch((error: unknown) => {
        for (const item of batch) item.reject(error)
      })
      .finally(() => {
        this.running -= 1
        this.schedule()
      })
  }
}
