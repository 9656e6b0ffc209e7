// The Pre-label screen's cluster card (issue 17; docs/CLUSTER.md): write the chosen question's
// shards into a new folder for a SLURM cluster or other machines, and merge a folder of scored
// shards back as one run, with the report: what was merged, the shards without a usable result by
// task id with the sbatch line that reruns only them, or why the merge was refused. Folders are
// typed paths on the machine running Prelabel (in the browser mode, inside its allowed folders).
import { useId, useState } from 'react';
import type { Precision, ShardsMerged } from '../../../common/contract';
import { Notice } from '../components/notice';
import { t } from '../i18n/t';
import { useCluster } from '../state/cluster-store';
import { useModel } from '../state/model-store';
import { runStatus, usePrelabel } from '../state/prelabel-store';
import { useQuestions } from '../state/use-questions';

function PathField({ label, value, onChange, testId }: { label: string; value: string; onChange(v: string): void; testId: string }) {
  const id = useId();
  return (
    <label className="field grow" htmlFor={id}>
      <span className="field-label">{label}</span>
      <input
        id={id}
        className="input mono"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        dir="auto"
        title={t('cluster.path.hint')}
        data-testid={testId}
      />
    </label>
  );
}

function MergeReport({ merged }: { merged: ShardsMerged }) {
  if (merged.alreadyMerged)
    return (
      <Notice kind="info" testId="cluster-merge-report">
        <p data-testid="cluster-merge-already">{t('cluster.merge.already', { question: merged.question, run: merged.runId ?? '' })}</p>
      </Notice>
    );
  if (merged.ok) {
    const precision = merged.hierarchical ? `${merged.precision}, ${t('cluster.merge.hierarchical')}` : merged.precision;
    return (
      <Notice kind="success" testId="cluster-merge-report">
        <p data-testid="cluster-merge-done">
          {t('cluster.merge.done', {
            shards: merged.shards,
            question: merged.question,
            precision,
            count: merged.documents,
            predictions: merged.predictions,
          })}
        </p>
      </Notice>
    );
  }
  return (
    <Notice kind="error" testId="cluster-merge-report">
      <p>{t('cluster.merge.failed', { count: merged.failed.length, shards: merged.shards })}</p>
      <ul data-testid="cluster-merge-failed">
        {merged.failed.map((f) => (
          <li key={f.index} data-index={f.index}>
            {t('cluster.merge.shard', { index: f.index, reason: f.reason })}
          </li>
        ))}
      </ul>
      <p>{t('cluster.merge.rerun')}</p>
      <pre className="mono" data-testid="cluster-merge-rerun">
        {merged.rerun}
      </pre>
    </Notice>
  );
}

function WriteShards({ questionId, disabled }: { questionId: string; disabled: boolean }) {
  const id = useId();
  const [shards, setShards] = useState(4);
  const [outDir, setOutDir] = useState('');
  const [precision, setPrecision] = useState<Precision | ''>('');
  const { writing, written, writtenTo, writeError } = useCluster();
  const hierarchical = usePrelabel((s) => s.hierarchical);
  const topParents = usePrelabel((s) => s.topParents);
  const question = useQuestions(true).find((q) => q.id === questionId);
  const tree = hierarchical && !!question?.labels.some((l) => !l.archived && l.parent);
  const out = outDir.trim();
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (out)
          void useCluster
            .getState()
            .write({ questionId, shards, outDir: out, precision: precision || null, hierarchical: tree, topParents });
      }}
    >
      <h3>{t('cluster.write.title')}</h3>
      <div className="row">
        <label className="field" htmlFor={`${id}-n`}>
          <span className="field-label">{t('cluster.write.shards')}</span>
          <input
            id={`${id}-n`}
            type="number"
            className="input"
            min={1}
            max={10000}
            value={shards}
            onChange={(e) => setShards(Math.max(1, Math.min(10000, Math.round(Number(e.target.value) || 1))))}
            data-testid="cluster-shards"
          />
        </label>
        <label className="field" htmlFor={`${id}-p`}>
          <span className="field-label">{t('cluster.write.precision')}</span>
          <select
            id={`${id}-p`}
            className="input"
            value={precision}
            onChange={(e) => setPrecision(e.target.value as Precision | '')}
            data-testid="cluster-precision"
          >
            <option value="">{t('cluster.write.precisionProject')}</option>
            <option value="fp32">fp32</option>
            <option value="int8">int8</option>
          </select>
        </label>
        <PathField label={t('cluster.write.out')} value={outDir} onChange={setOutDir} testId="cluster-out" />
      </div>
      {tree && <p className="field-hint">{t('cluster.write.hierarchical', { count: topParents })}</p>}
      <div>
        <button type="submit" className="btn" disabled={!out || writing || disabled} data-testid="cluster-write">
          {writing ? t('cluster.write.working') : t('cluster.write.submit')}
        </button>
      </div>
      {written && (
        <Notice kind="success" testId="cluster-written">
          <p>
            {t('cluster.write.done', {
              shards: written.shards.length,
              question: written.question,
              precision: written.hierarchical ? `${written.precision}, ${t('cluster.merge.hierarchical')}` : written.precision,
              count: written.documents,
              pairs: written.pairs,
              folder: writtenTo,
            })}
          </p>
          <p>{t('cluster.write.next')}</p>
          <pre className="mono">sbatch {written.sbatch}</pre>
        </Notice>
      )}
      {writeError && (
        <Notice kind="error" testId="cluster-write-error">
          {t('cluster.write.failed', { message: writeError })}
        </Notice>
      )}
    </form>
  );
}

function MergeShards({ disabled }: { disabled: boolean }) {
  const [dir, setDir] = useState('');
  const { merging, merged, mergeError } = useCluster();
  const folder = dir.trim();
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (folder) void useCluster.getState().merge(folder);
      }}
    >
      <h3>{t('cluster.merge.title')}</h3>
      <div className="row">
        <PathField label={t('cluster.merge.dir')} value={dir} onChange={setDir} testId="cluster-merge-dir" />
      </div>
      <div>
        <button type="submit" className="btn btn-primary" disabled={!folder || merging || disabled} data-testid="cluster-merge">
          {merging ? t('cluster.merge.working') : t('cluster.merge.submit')}
        </button>
      </div>
      {merging && (
        <p className="muted" role="status" data-testid="cluster-merging">
          {t('cluster.merge.working')}
        </p>
      )}
      {merged && <MergeReport merged={merged} />}
      {mergeError && (
        <Notice kind="error" testId="cluster-merge-refused">
          {t('cluster.merge.refused', { message: mergeError })}
        </Notice>
      )}
    </form>
  );
}

/** Mounted on the Pre-label screen; nothing without a question. Writing shards needs the app's
 * model (the shards carry its hashes); a merge needs none. */
export function ClusterSection() {
  const id = useId();
  const model = useModel((s) => s.model);
  const questionId = usePrelabel((s) => s.questionId);
  const status = usePrelabel((s) => s.status);
  const progress = usePrelabel((s) => s.progress);
  if (!questionId) return null;
  // A merge is refused while a run is going; a run holds the inference process too.
  const running = runStatus({ status, progress }) === 'running';
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="cluster-card">
      <h2 id={`${id}-title`}>{t('cluster.title')}</h2>
      <p className="muted">{t('cluster.intro')}</p>
      {model && <WriteShards questionId={questionId} disabled={running} />}
      <MergeShards disabled={running} />
    </section>
  );
}
