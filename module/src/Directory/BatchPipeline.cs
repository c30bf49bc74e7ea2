// The chunked pipeline readiness and matching share: input is read into a batch on the pipeline
// thread (PowerShell objects are touched nowhere else), a full batch is handed to a worker thread
// for its native call while the next one fills, and results come back in input order. Two
// batches alternate: the one filling and the one at work.
using System.Collections.Generic;
using System.Threading.Tasks;

namespace SyncMatch.Directory;

/// <summary>A batch of inputs, marshalled and sent to the native library by <see cref="Run"/>.</summary>
internal interface INativeBatch<TResult>
{
    /// <summary>Inputs read into the batch.</summary>
    int Count { get; }

    /// <summary>Characters the batch's values hold.</summary>
    long Length { get; }

    /// <summary>Marshals the batch, makes its native call, empties it; runs on a worker thread.</summary>
    TResult Run();
}

internal sealed class BatchPipeline<TBatch, TResult>
    where TBatch : class, INativeBatch<TResult>
{
    private TBatch spare;
    private Task<TResult>? running;

    internal BatchPipeline(TBatch first, TBatch second)
    {
        Filling = first;
        spare = second;
    }

    /// <summary>The batch being filled on the pipeline thread.</summary>
    internal TBatch Filling { get; private set; }

    /// <summary>Whether the filling batch should go: by count, or by the characters it holds (a bound on memory).</summary>
    internal bool IsFull(int chunkSize) => Filling.Count >= chunkSize || Filling.Length >= InputValues.MaxBatchLength;

    /// <summary>
    /// Waits for the batch at work, hands the filled one to a worker, and returns the result of
    /// the one that finished (none the first time), so results keep the input's order.
    /// </summary>
    internal List<TResult> Submit()
    {
        List<TResult> finished = Wait();
        TBatch batch = Filling;
        running = Task.Run(batch.Run);
        (Filling, spare) = (spare, batch);
        return finished;
    }

    /// <summary>Waits for the batch at work and runs what is left: every result not yet returned, in order.</summary>
    internal List<TResult> Drain()
    {
        List<TResult> finished = Wait();
        if (Filling.Count > 0)
        {
            finished.Add(Filling.Run());
        }
        return finished;
    }

    private List<TResult> Wait()
    {
        var finished = new List<TResult>(1);
        if (running is { } task)
        {
            running = null;
            finished.Add(task.GetAwaiter().GetResult());
        }
        return finished;
    }
}
