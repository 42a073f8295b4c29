// whyl1 explorer: drag β̂ and watch the L1 diamond win. Plain JavaScript, no libraries,
// no network: it runs from file://. The solvers are pure functions (a port of
// whyl1.maths) kept apart from the DOM code so the parity test can call them directly.
'use strict';

(function (global) {
  if (global.whyl1Explorer) return; // the fragment may be embedded twice; one copy is enough

  // -------------------------------------------------------------------------
  // Pure maths: a port of whyl1.maths' 2-D constrained solvers
  // -------------------------------------------------------------------------

  const EPS = Number.EPSILON;
  const TINY = 2.2250738585072014e-308; // np.finfo(float).tiny

  // h is the Hessian [[a, b], [b, c]] given as [a, b, c], as the CLI takes it.
  function hv(h, x, y) {
    return [h[0] * x + h[1] * y, h[1] * x + h[2] * y];
  }

  /** ½(β − β̂)ᵀH(β − β̂): maths.quadratic_loss for one point. */
  function quadraticLoss(point, center, h) {
    const dx = point[0] - center[0];
    const dy = point[1] - center[1];
    const [gx, gy] = hv(h, dx, dy);
    return 0.5 * (dx * gx + dy * gy);
  }

  function zeroCoordinates(point) {
    return [0, 1].filter((i) => point[i] === 0);
  }

  /**
   * Exact minimiser of the quadratic loss on the diamond ‖β‖₁ ≤ t, with the decision
   * logic of maths.l1_constrained_solution: β̂ inside is its own answer; otherwise each
   * of the four edges gives a 1-D quadratic whose minimiser is clipped to the edge,
   * and the best of the four wins. A clipped minimiser is a corner, taken from the
   * exact corner table so its zero coordinate is 0.0 exactly, not a rounding residue.
   */
  function solveL1(center, h, t) {
    const corners = [[t, 0], [0, t], [-t, 0], [0, -t]];
    let best = null;
    for (let k = 0; k < 4; k++) {
      const start = corners[k];
      const end = corners[(k + 1) % 4];
      const d = [end[0] - start[0], end[1] - start[1]];
      const hd = hv(h, d[0], d[1]);
      const curvature = d[0] * hd[0] + d[1] * hd[1];
      // d/ds of ½(p0 + s·d − β̂)ᵀH(…) = 0  ⇒  s* = dᵀH(β̂ − p0) / dᵀHd
      const sFree = (hd[0] * (center[0] - start[0]) + hd[1] * (center[1] - start[1])) / curvature;
      const atStart = sFree <= 0;
      const atEnd = sFree >= 1;
      let point;
      if (atStart) point = start.slice();
      else if (atEnd) point = end.slice();
      else point = [start[0] + sFree * d[0], start[1] + sFree * d[1]];
      const loss = quadraticLoss(point, center, h);
      // Strict < keeps the first of equal candidates, as numpy's argmin does.
      if (best === null || loss < best.loss) best = { point, loss, onCorner: atStart || atEnd };
    }
    const inside = Math.abs(center[0]) + Math.abs(center[1]) <= t;
    const point = inside ? center.slice() : best.point;
    const g = hv(h, center[0] - point[0], center[1] - point[1]);
    return {
      point,
      level: quadraticLoss(point, center, h),
      onCorner: inside ? false : best.onCorner,
      zeroCoordinates: zeroCoordinates(point),
      // μ from the KKT condition H(β̂ − β) = μ·g, g ∈ ∂‖β‖₁ (|g|∞ = 1 on the boundary).
      multiplier: inside ? 0 : Math.max(Math.abs(g[0]), Math.abs(g[1])),
    };
  }

  /**
   * Eigen-decomposition of a symmetric 2×2 matrix: values ascending (as numpy.linalg.eigh)
   * and unit eigenvectors. Each vector comes from the row of H − λI that does not cancel.
   */
  function eigenSymmetric(h) {
    const [a, b, c] = h;
    if (b === 0) return { values: [a, c], vectors: [[1, 0], [0, 1]] }; // already diagonal
    const mean = 0.5 * (a + c);
    const half = 0.5 * (a - c);
    const radius = Math.hypot(half, b);
    const large = mean + radius;
    // The small eigenvalue as det/large avoids the cancellation of mean − radius.
    const small = (a * c - b * b) / large;
    let v = half >= 0 ? [half + radius, b] : [b, radius - half]; // for the large eigenvalue
    const n = Math.hypot(v[0], v[1]);
    v = [v[0] / n, v[1] / n];
    return { values: [small, large], vectors: [[-v[1], v[0]], v] };
  }

  /**
   * Exact minimiser of the quadratic loss on the disk ‖β‖₂ ≤ t: maths.l2_constrained_solution.
   * Outside the disk β(μ) = (H + μI)⁻¹Hβ̂ with ‖β(μ)‖ = t; in H's eigenbasis that is the
   * secular equation Σ(λᵢbᵢ/(λᵢ + μ))² = t², solved by Newton on 1/‖β(μ)‖ − 1/t, which is
   * concave and increasing, so the iterates climb monotonically to machine precision.
   */
  function solveL2(center, h, t, maxIter = 100) {
    const { values, vectors } = eigenSymmetric(h);
    const weighted = vectors.map((q, i) => (center[0] * q[0] + center[1] * q[1]) * values[i]);
    const outside = Math.hypot(center[0], center[1]) > t;
    let mu = 0;
    for (let iter = 0; outside && iter < maxIter; iter++) {
      const scaled = weighted.map((w, i) => w / (values[i] + mu));
      const norm = Math.sqrt(scaled[0] * scaled[0] + scaled[1] * scaled[1]);
      const slope =
        (scaled[0] ** 2 / (values[0] + mu) + scaled[1] ** 2 / (values[1] + mu)) / norm ** 3;
      const step = -(1 / norm - 1 / t) / slope;
      const previous = mu;
      mu = previous + Math.max(step, 0);
      // From the left the iterates only climb; a step of a few ulps means converged.
      if (!(step > 4 * EPS * Math.max(previous, TINY))) break;
    }
    let point = center.slice();
    if (outside) {
      const s = weighted.map((w, i) => w / (values[i] + mu));
      point = [0, 1].map((j) => s[0] * vectors[0][j] + s[1] * vectors[1][j]);
    }
    const zeros = zeroCoordinates(point);
    return {
      point,
      level: quadraticLoss(point, center, h),
      onCorner: outside && zeros.length > 0, // on an axis: the disk's only way to a zero
      zeroCoordinates: zeros,
      multiplier: mu,
    };
  }

  /**
   * The sliders' honest map to H: the loss ellipse has eccentricity e and its long axis
   * at angle θ, so H = s·R(θ)·diag(1 − e², 1)·R(θ)ᵀ (curvature s(1 − e²) along the long
   * axis, s across it; contour semi-axes ∝ 1/√curvature, so their ratio is √(1 − e²)).
   */
  function hessianFromShape(scale, e, theta) {
    const along = scale * (1 - e * e);
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const gap = along - scale;
    return [scale + gap * cos * cos, gap * cos * sin, scale + gap * sin * sin];
  }

  /** The inverse map: (s, e, θ) of a positive definite H, θ folded into (−90°, 90°]. */
  function shapeFromHessian(h) {
    const { values, vectors } = eigenSymmetric(h);
    const [small, large] = values;
    let theta = Math.atan2(vectors[0][1], vectors[0][0]); // long axis: the small curvature
    if (theta > Math.PI / 2) theta -= Math.PI;
    if (theta <= -Math.PI / 2) theta += Math.PI;
    return { scale: large, e: Math.sqrt(Math.max(0, 1 - small / large)), theta };
  }

  const SUPERSCRIPTS = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

  /**
   * whyl1.theme.number_text: at most `digits` significant digits (Python's %g), trailing
   * zeros dropped, a true minus sign, exact 0 as "0", tiny or huge values as 4.8×10⁻⁶.
   */
  function numberText(value, digits = 6) {
    if (value === 0) return '0';
    const [mantissa, exponentText] = value.toExponential(digits - 1).split('e');
    const exponent = Number(exponentText);
    let text;
    if (exponent < -4 || exponent >= digits) {
      const power = String(exponent).replace(/[-0-9]/g, (ch) => SUPERSCRIPTS[ch]);
      text = `${stripZeros(mantissa)}×10${power}`;
    } else {
      text = stripZeros(value.toFixed(Math.max(0, digits - 1 - exponent)));
    }
    return text.replace(/-/g, '−');
  }

  function stripZeros(text) {
    return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  }

  /** Mulberry32: a tiny seeded PRNG, so "sample many β̂" draws the same points every time. */
  function seededUniform(seed) {
    let state = seed >>> 0;
    return function next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 15), z | 1);
      z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
      return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** Standard normal pairs by Box–Muller from a seeded uniform source. */
  function seededNormal(seed) {
    const uniform = seededUniform(seed);
    let spare = null;
    return function next() {
      if (spare !== null) {
        const value = spare;
        spare = null;
        return value;
      }
      const u = 1 - uniform(); // in (0, 1]: log(u) is finite
      const angle = 2 * Math.PI * uniform();
      const radius = Math.sqrt(-2 * Math.log(u));
      spare = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    };
  }

  /** Orthogonal design (XᵀX = I): the lasso soft-thresholds, so it is sparse iff some |β̂ⱼ| ≤ γ. */
  function lassoSparseOrthogonal(point, gamma) {
    return Math.abs(point[0]) <= gamma || Math.abs(point[1]) <= gamma;
  }

  const maths = {
    quadraticLoss,
    solveL1,
    solveL2,
    eigenSymmetric,
    hessianFromShape,
    shapeFromHessian,
    numberText,
    seededNormal,
    lassoSparseOrthogonal,
  };

  global.whyl1Explorer = { ...maths, instances: [], mount: null };
})(typeof window !== 'undefined' ? window : globalThis);
