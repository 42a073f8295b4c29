// whyl1 explorer: drag β̂ and watch the L1 diamond win. Plain JavaScript, no libraries,
// no network: it runs from file://. The solvers are pure functions (a port of
// whyl1.maths) kept apart from the DOM code so the parity test can call them directly.
'use strict';

(function (global) {
  // Embedded twice (two pages' worth of output in one notebook window): one copy of the
  // code is enough, but the later fragment's widget still has to be mounted.
  if (global.whyl1Explorer) {
    if (typeof document !== 'undefined') global.whyl1Explorer.mountAll();
    return;
  }

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

  const SUPERSCRIPTS = {
    '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹',
  };

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

  // -------------------------------------------------------------------------
  // The widget: SVG drawing and input handling (DOM only from here on)
  // -------------------------------------------------------------------------

  const SVG = 'http://www.w3.org/2000/svg';
  const SIZE = 360; // viewBox side; the SVG scales with its column
  const VIEW = 4; // the plot shows [−VIEW, VIEW]² in data units
  const KEY_STEP = 0.05;
  const BIG_KEY_STEP = 0.5;
  const SAMPLES_PER_FRAME = 100;
  const SUBSCRIPT = ['β₁', 'β₂'];

  function toPx(point) {
    return [((point[0] + VIEW) / (2 * VIEW)) * SIZE, ((VIEW - point[1]) / (2 * VIEW)) * SIZE];
  }

  function fromPx(x, y) {
    return [(x / SIZE) * 2 * VIEW - VIEW, VIEW - (y / SIZE) * 2 * VIEW];
  }

  function svgElement(tag, attributes, parent) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (parent) parent.appendChild(node);
    return node;
  }

  function pathThrough(points, closed) {
    const px = points.map(toPx);
    const first = `M${px[0][0].toFixed(2)},${px[0][1].toFixed(2)}`;
    const rest = px.slice(1).map(([x, y]) => `L${x.toFixed(2)},${y.toFixed(2)}`);
    return first + rest.join('') + (closed ? 'Z' : '');
  }

  /** The level set ½(β − β̂)ᵀH(β − β̂) = level: semi-axes √(2·level/λᵢ) along H's eigenvectors. */
  function ellipsePoints(center, h, level, count = 120) {
    const { values, vectors } = eigenSymmetric(h);
    const radii = values.map((v) => Math.sqrt((2 * Math.max(level, 0)) / v));
    const points = [];
    for (let k = 0; k < count; k++) {
      const angle = (2 * Math.PI * k) / count;
      const u = radii[0] * Math.cos(angle);
      const w = radii[1] * Math.sin(angle);
      points.push([0, 1].map((j) => center[j] + u * vectors[0][j] + w * vectors[1][j]));
    }
    return points;
  }

  function clampToView(value) {
    return Math.min(VIEW - 0.1, Math.max(-(VIEW - 0.1), value));
  }

  /** One plot: axes, the ball, contours, samples, the solution and the draggable β̂. */
  function buildPanel(svg, ball, focusable) {
    const layer = (name) => svgElement('g', { class: name }, svg);
    const cross = layer('wx-cross');
    const samples = layer('wx-samples'); // under the axes, so their labels stay readable
    const axes = layer('wx-axes');
    const [ox, oy] = toPx([0, 0]);
    svgElement('line', { x1: 0, y1: oy, x2: SIZE, y2: oy, class: 'wx-axis' }, axes);
    svgElement('line', { x1: ox, y1: 0, x2: ox, y2: SIZE, class: 'wx-axis' }, axes);
    for (let k = -VIEW + 1; k < VIEW; k++) {
      if (k === 0) continue;
      const [x] = toPx([k, 0]);
      const [, y] = toPx([0, k]);
      svgElement('line', { x1: x, y1: oy - 3, x2: x, y2: oy + 3, class: 'wx-axis' }, axes);
      svgElement('line', { x1: ox - 3, y1: y, x2: ox + 3, y2: y, class: 'wx-axis' }, axes);
      const label = numberText(k);
      svgElement('text', { x, y: oy + 15, class: 'wx-tick', 'text-anchor': 'middle' }, axes)
        .textContent = label;
      svgElement('text', { x: ox - 6, y: y + 4, class: 'wx-tick', 'text-anchor': 'end' }, axes)
        .textContent = label;
    }
    const nameX = { x: SIZE - 6, y: oy - 8, class: 'wx-axis-name', 'text-anchor': 'end' };
    svgElement('text', nameX, axes).textContent = 'β₁';
    svgElement('text', { x: ox + 8, y: 16, class: 'wx-axis-name' }, axes).textContent = 'β₂';
    const shape = ball === 'l1'
      ? svgElement('path', { class: 'wx-ball wx-ball-l1' }, svg)
      : svgElement('circle', { class: 'wx-ball wx-ball-l2' }, svg);
    const faint = [0, 1].map(() =>
      svgElement('path', { class: 'wx-contour wx-contour-faint' }, svg));
    const contour = svgElement('path', { class: 'wx-contour' }, svg);
    const ring = svgElement('circle', { r: 11, class: 'wx-zero-ring' }, svg);
    const solution = svgElement('circle', { r: 6, class: `wx-solution wx-solution-${ball}` }, svg);
    const zeroLabel = svgElement('text', { class: 'wx-label wx-zero-label' }, svg);
    const handle = svgElement('g', {
      class: 'wx-handle',
      tabindex: focusable ? '0' : '-1',
      role: 'button',
      'aria-roledescription': 'draggable point',
      'aria-label': 'β̂, the unconstrained optimum: drag it, or use the arrow keys',
    }, svg);
    svgElement('circle', { r: 20, class: 'wx-hit' }, handle);
    svgElement('circle', { r: 12, class: 'wx-focus-ring' }, handle);
    svgElement('circle', { r: 7, class: 'wx-center' }, handle);
    svgElement('text', { x: 11, y: -10, class: 'wx-label' }, handle).textContent = 'β̂';
    return { svg, ball, cross, shape, samples, faint, contour, ring, solution, zeroLabel, handle };
  }

  function drawPanel(panel, state, result, gamma) {
    const { center, hessian, t } = state;
    if (panel.ball === 'l1') {
      panel.shape.setAttribute('d', pathThrough([[t, 0], [0, t], [-t, 0], [0, -t]], true));
    } else {
      const [cx, cy] = toPx([0, 0]);
      panel.shape.setAttribute('cx', cx);
      panel.shape.setAttribute('cy', cy);
      panel.shape.setAttribute('r', (t / (2 * VIEW)) * SIZE);
    }
    // The contour through the solution touches the ball; two inner ones show the bowl.
    // β̂ inside the ball is its own answer (level 0): no contour to draw.
    const contourPath = (level) =>
      result.level > 0 ? pathThrough(ellipsePoints(center, hessian, level), true) : '';
    panel.contour.setAttribute('d', contourPath(result.level));
    panel.faint.forEach((path, k) => {
      path.setAttribute('d', contourPath(result.level * ((k + 1) / 3) ** 2));
    });
    const [sx, sy] = toPx(result.point);
    panel.solution.setAttribute('cx', sx);
    panel.solution.setAttribute('cy', sy);
    const zero = result.zeroCoordinates;
    panel.ring.setAttribute('cx', sx);
    panel.ring.setAttribute('cy', sy);
    panel.ring.classList.toggle('wx-shown', zero.length > 0);
    panel.zeroLabel.classList.toggle('wx-shown', zero.length > 0);
    panel.zeroLabel.textContent = zero.map((i) => `${SUBSCRIPT[i]} = 0`).join(', ');
    placeZeroLabel(panel.zeroLabel, [sx, sy], zero, result.point, center);
    const [hx, hy] = toPx(center);
    panel.handle.setAttribute('transform', `translate(${hx.toFixed(2)},${hy.toFixed(2)})`);
    const [left, top] = toPx([-gamma, gamma]);
    const band = (2 * gamma / (2 * VIEW)) * SIZE;
    if (!panel.cross.firstChild) {
      svgElement('rect', { class: 'wx-band' }, panel.cross);
      svgElement('rect', { class: 'wx-band' }, panel.cross);
    }
    const [vertical, horizontal] = panel.cross.children;
    Object.entries({ x: left, y: 0, width: band, height: SIZE })
      .forEach(([k, v]) => vertical.setAttribute(k, v));
    Object.entries({ x: 0, y: top, width: SIZE, height: band })
      .forEach(([k, v]) => horizontal.setAttribute(k, v));
  }

  /**
   * The "β₁ = 0" label goes on the side of the axis away from β̂, where neither the dot nor
   * the touching contour (which arrives from β̂'s side) can cover it, and clear of the ticks.
   */
  function placeZeroLabel(label, [sx, sy], zero, point, center) {
    if (zero.length === 0) return;
    if (zero[0] === 0) { // on the β₂ axis: beside it, opposite β̂'s side
      const left = center[0] >= point[0];
      label.setAttribute('x', sx + (left ? -15 : 15));
      label.setAttribute('y', sy - 12);
      label.setAttribute('text-anchor', left ? 'end' : 'start');
    } else { // on the β₁ axis: below or above it, opposite β̂'s side
      label.setAttribute('x', sx);
      label.setAttribute('y', sy + (center[1] >= point[1] ? 32 : -18));
      label.setAttribute('text-anchor', 'middle');
    }
  }

  function lassoStatus(result, inside) {
    const zeros = result.zeroCoordinates.map((i) => `${SUBSCRIPT[i]} = 0`).join(', ');
    if (inside) return `β̂ is inside the diamond: β = β̂${zeros ? `, ${zeros}` : ''}`;
    if (result.onCorner) return `● corner: ${zeros} exactly, a sparse solution`;
    return 'edge: both weights non-zero';
  }

  function ridgeStatus(result, inside) {
    const zeros = result.zeroCoordinates.map((i) => `${SUBSCRIPT[i]} = 0`).join(', ');
    if (inside) return 'β̂ is inside the disk: β = β̂';
    if (zeros) return `● on an axis: ${zeros} (β̂ was on it)`;
    return 'no exact zero: the disk has no corners';
  }

  /** Wire one `.whyl1-explorer` root (markup from whyl1.explorer) to its state. */
  function mount(root) {
    const config = JSON.parse(root.dataset.config);
    const byId = (id) => root.querySelector(`#${id}`);
    const shape = shapeFromHessian(config.hessian);
    const state = { center: config.center.slice(), hessian: config.hessian.slice(), t: config.t };
    const instance = { root, state, solutions: null };
    const panels = [
      buildPanel(byId('wx-plot-l1'), 'l1', true),
      buildPanel(byId('wx-plot-l2'), 'l2', false),
    ];
    const sliders = { e: byId('wx-e'), theta: byId('wx-theta'), t: byId('wx-t') };
    const sampling = config.sampling;
    let sampler = null;
    let announceTimer = null;

    function setText(id, text) {
      const node = byId(id);
      if (node.textContent !== text) node.textContent = text;
    }

    function showSliders() {
      setText('wx-e-out', numberText(Number(sliders.e.value)));
      setText('wx-theta-out', `${numberText(Number(sliders.theta.value))}°`);
      setText('wx-t-out', numberText(Number(sliders.t.value)));
    }

    function resetShape() {
      state.hessian = config.hessian.slice();
      sliders.e.value = shape.e.toFixed(2);
      sliders.theta.value = Math.round((shape.theta * 180) / Math.PI);
    }

    function render() {
      const lasso = solveL1(state.center, state.hessian, state.t);
      const ridge = solveL2(state.center, state.hessian, state.t);
      instance.solutions = { l1: lasso, l2: ridge };
      drawPanel(panels[0], state, lasso, sampling.gamma);
      drawPanel(panels[1], state, ridge, sampling.gamma);
      const l1Inside = Math.abs(state.center[0]) + Math.abs(state.center[1]) <= state.t;
      const l2Inside = Math.hypot(state.center[0], state.center[1]) <= state.t;
      for (const [name, result, status] of [
        ['l1', lasso, lassoStatus(lasso, l1Inside)],
        ['l2', ridge, ridgeStatus(ridge, l2Inside)],
      ]) {
        setText(`wx-${name}-x`, numberText(result.point[0]));
        setText(`wx-${name}-y`, numberText(result.point[1]));
        setText(`wx-${name}-level`, numberText(result.level));
        setText(`wx-${name}-status`, status);
        byId(`wx-${name}-status`).classList.toggle('wx-sparse', result.zeroCoordinates.length > 0);
      }
      setText('wx-center-x', numberText(state.center[0]));
      setText('wx-center-y', numberText(state.center[1]));
      const [a, b, c] = state.hessian.map((v) => numberText(v, 4));
      setText('wx-hessian', `[[${a}, ${b}], [${b}, ${c}]]`);
      setText('wx-t-text', numberText(state.t));
      showSliders();
    }

    // Screen readers hear the outcome once the reader pauses, not every pointer move.
    function announce(delay = 250) {
      clearTimeout(announceTimer);
      announceTimer = setTimeout(() => {
        const { l1, l2 } = instance.solutions;
        const point = (p) => `(${numberText(p[0])}, ${numberText(p[1])})`;
        setText('wx-live', `β̂ ${point(state.center)}. Lasso ${point(l1.point)}: `
          + `${byId('wx-l1-status').textContent}. Ridge ${point(l2.point)}: `
          + `${byId('wx-l2-status').textContent}.`);
      }, delay);
    }

    function moveCenter(point) {
      state.center = point.map(clampToView);
      render();
    }

    function pointerToData(svg, event) {
      const screen = new DOMPoint(event.clientX, event.clientY);
      const local = screen.matrixTransform(svg.getScreenCTM().inverse());
      return fromPx(local.x, local.y);
    }

    for (const panel of panels) {
      const { svg, handle } = panel;
      // A press anywhere moves β̂ there and starts a drag: on a phone the dot is a small target.
      svg.addEventListener('pointerdown', (event) => {
        if (event.button !== 0) return;
        event.preventDefault();
        svg.setPointerCapture(event.pointerId);
        handle.focus({ preventScroll: true });
        svg.classList.add('wx-dragging');
        moveCenter(pointerToData(svg, event));
      });
      svg.addEventListener('pointermove', (event) => {
        if (svg.hasPointerCapture(event.pointerId)) moveCenter(pointerToData(svg, event));
      });
      const release = (event) => {
        if (!svg.hasPointerCapture(event.pointerId)) return;
        svg.releasePointerCapture(event.pointerId);
        svg.classList.remove('wx-dragging');
        announce();
      };
      svg.addEventListener('pointerup', release);
      svg.addEventListener('pointercancel', release);
      handle.addEventListener('keydown', (event) => {
        const step = event.shiftKey ? BIG_KEY_STEP : KEY_STEP;
        const move = {
          ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step],
        }[event.key];
        if (!move) return;
        event.preventDefault();
        moveCenter([state.center[0] + move[0], state.center[1] + move[1]]);
        announce();
      });
    }

    function shapeChanged() {
      state.hessian = hessianFromShape(
        shape.scale, Number(sliders.e.value), (Number(sliders.theta.value) * Math.PI) / 180);
      render();
      announce();
    }
    sliders.e.addEventListener('input', shapeChanged);
    sliders.theta.addEventListener('input', shapeChanged);
    sliders.t.addEventListener('input', () => {
      state.t = Number(sliders.t.value);
      render();
      announce();
    });

    function example(center) {
      state.center = center.slice();
      state.t = config.t;
      sliders.t.value = config.t;
      resetShape();
      render();
      announce(0);
    }
    byId('wx-corner').addEventListener('click', () => example(config.center));
    byId('wx-edge').addEventListener('click', () => example(config.edgeCenter));

    // --- "sample many β̂": the thresholding story's orthogonal design --------------------
    const sampleReadout = byId('wx-sample-readout');
    const reducedMotion = global.matchMedia('(prefers-reduced-motion: reduce)');

    function drawSample(point, sparse) {
      const [x, y] = toPx(point);
      if (x < -5 || x > SIZE + 5 || y < -5 || y > SIZE + 5) return; // off the plot
      svgElement('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: sparse ? 2.6 : 2.2,
        class: sparse ? 'wx-sample-sparse' : 'wx-sample-dense' }, panels[0].samples);
      // Ridge shrinks uniformly: its image is on an axis only if β̂ is, which never happens.
      svgElement('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 2.2, class: 'wx-sample-dense' },
        panels[1].samples);
    }

    function showFraction() {
      const { drawn, sparse } = sampler;
      const fraction = drawn ? sparse / drawn : 0;
      const beta = `(${sampling.beta.map((v) => numberText(v)).join(', ')})`;
      sampleReadout.innerHTML = '';
      const parts = [
        `Orthogonal design, β̂ ~ N(${beta}, σ²I), σ = ${numberText(sampling.sigma)}, `
          + `γ = ${numberText(sampling.gamma)}: lasso sparse in `,
        ['wx-sample-count', String(sparse)], ' of ', ['wx-sample-n', String(drawn)],
        ' samples, fraction ', ['wx-sample-fraction', numberText(Number(fraction.toFixed(4)))],
        '; exact P(lasso sparse) = ', ['wx-sample-exact', numberText(sampling.pSparseLasso)],
        '. Ridge: 0 sparse, P(ridge sparse) = 0.',
      ];
      for (const part of parts) {
        if (typeof part === 'string') sampleReadout.append(part);
        else {
          const span = document.createElement('span');
          [span.id, span.textContent] = part;
          sampleReadout.append(span);
        }
      }
    }

    function sampleBatch(count) {
      for (let k = 0; k < count && sampler.drawn < sampling.samples; k++) {
        const point = sampling.beta.map((b) => b + sampling.sigma * sampler.normal());
        const sparse = lassoSparseOrthogonal(point, sampling.gamma);
        sampler.drawn += 1;
        sampler.sparse += sparse ? 1 : 0;
        drawSample(point, sparse);
      }
      showFraction();
    }

    function step() {
      sampleBatch(SAMPLES_PER_FRAME);
      sampler.frame = sampler.drawn < sampling.samples ? requestAnimationFrame(step) : null;
    }

    function startSampling() {
      sampler = { normal: seededNormal(sampling.seed), drawn: 0, sparse: 0, frame: null };
      root.classList.add('wx-sampling');
      sampleReadout.hidden = false;
      // Reduced motion: every point at once, no animation.
      if (reducedMotion.matches) sampleBatch(sampling.samples);
      else step();
    }

    function stopSampling() {
      if (sampler && sampler.frame !== null) cancelAnimationFrame(sampler.frame);
      sampler = null;
      panels.forEach((panel) => panel.samples.replaceChildren());
      root.classList.remove('wx-sampling');
      sampleReadout.hidden = true;
    }

    byId('wx-sample').addEventListener('change', (event) => {
      if (event.target.checked) startSampling();
      else stopSampling();
    });

    sliders.t.value = config.t;
    resetShape();
    render();
    global.whyl1Explorer.instances.push(instance);
    return instance;
  }

  function mountAll() {
    for (const root of document.querySelectorAll('.whyl1-explorer[data-config]')) {
      if (!root.dataset.mounted) {
        root.dataset.mounted = 'yes';
        mount(root);
      }
    }
  }

  global.whyl1Explorer = { ...maths, instances: [], mount, mountAll };
  if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
    else mountAll();
  }
})(typeof window !== 'undefined' ? window : globalThis);
