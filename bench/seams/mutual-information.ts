// Adjusted mutual information between two labelings of the same items (Vinh, Epps & Bailey 2010, the
// arithmetic-mean normalisation scikit-learn uses): 1 is the same partition, about 0 is chance agreement.

/** AMI of two labelings given as equal-length arrays of labels. */
export function adjustedMutualInformation(a: readonly string[], b: readonly string[]): number {
  const n = a.length;
  if (n !== b.length) throw new Error('labelings differ in length');
  if (n === 0) return 1;
  const rows = counts(a);
  const cols = counts(b);
  if (rows.size === 1 && cols.size === 1) return 1;
  const cell = new Map<string, number>();
  for (let i = 0; i < n; i++) cell.set(`${a[i]}\0${b[i]}`, (cell.get(`${a[i]}\0${b[i]}`) ?? 0) + 1);
  let mi = 0;
  for (const [key, nij] of cell) {
    const [r, c] = key.split('\0');
    mi += (nij / n) * Math.log((n * nij) / (rows.get(r)! * cols.get(c)!));
  }
  const emi = expectedMutualInformation([...rows.values()], [...cols.values()], n);
  const mean = (entropy([...rows.values()], n) + entropy([...cols.values()], n)) / 2;
  const denominator = mean - emi;
  return Math.abs(denominator) < 1e-12 ? 0 : (mi - emi) / denominator;
}

function counts(labels: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of labels) out.set(l, (out.get(l) ?? 0) + 1);
  return out;
}

function entropy(sizes: number[], n: number): number {
  return -sizes.reduce((h, s) => h + (s / n) * Math.log(s / n), 0);
}

/** E[MI] under the hypergeometric model of random labelings with the same cluster sizes. */
function expectedMutualInformation(rows: number[], cols: number[], n: number): number {
  const lg = logGammaTable(n + 1);
  const lf = (k: number) => lg[k]; // log(k!)
  let emi = 0;
  for (const ai of rows) {
    for (const bj of cols) {
      const lo = Math.max(1, ai + bj - n);
      const hi = Math.min(ai, bj);
      for (let nij = lo; nij <= hi; nij++) {
        const term = (nij / n) * Math.log((n * nij) / (ai * bj));
        const logP = lf(ai) + lf(bj) + lf(n - ai) + lf(n - bj) - lf(n) - lf(nij) - lf(ai - nij) - lf(bj - nij) - lf(n - ai - bj + nij);
        emi += term * Math.exp(logP);
      }
    }
  }
  return emi;
}

/** log(k!) for k = 0..max. */
function logGammaTable(max: number): number[] {
  const out = [0];
  for (let k = 1; k <= max; k++) out.push(out[k - 1] + Math.log(k));
  return out;
}
