// whyl1 quiz: checks an answer when asked, says why it is right or wrong, links the moment
// in the video, keeps the score. Plain JavaScript, no libraries, no network, no storage:
// reloading the page forgets everything, and nothing leaves it.
'use strict';

(function (global) {
  if (global.whyl1Quiz) return; // the fragment may be embedded twice; one copy is enough

  /** A typed number, forgiving about how people write them: "−0.4", "0,5", "1e-3". */
  function parseNumber(text) {
    let t = String(text).trim().replace(/[\u2212\u2012\u2013]/g, '-').replace(/[\s\u00a0\u2009\u202f]/g, '');
    if (/^[+-]?\d*,\d+$/.test(t)) t = t.replace(',', '.');
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return NaN;
    return Number(t);
  }

  /** Whether a typed number counts as an option: within its tolerance (and a hair). */
  function matches(option, x) {
    if (option.value === null) return false;
    const slack = option.tolerance * (1 + 1e-9) + 1e-12 * Math.abs(option.value);
    return Math.abs(x - option.value) <= slack;
  }

  function paragraph(className, text) {
    const p = document.createElement('p');
    if (className) p.className = className;
    p.textContent = text;
    return p;
  }

  function mark(option, text, className) {
    const label = option.querySelector('label');
    const span = document.createElement('span');
    span.className = 'wq-mark ' + className;
    span.textContent = text;
    label.appendChild(span);
  }

  function Quiz(root) {
    this.root = root;
    this.data = JSON.parse(root.querySelector('script.wq-data').textContent);
    this.byId = new Map(this.data.questions.map((q) => [q.id, q]));
    this.results = new Map(); // question id -> answered right?
    this.items = Array.from(root.querySelectorAll('.wq-question'));
    this.score = root.querySelector('.wq-score');
    for (const item of this.items) {
      item.querySelector('form').addEventListener('submit', (event) => {
        event.preventDefault();
        this.check(item);
      });
    }
    root.querySelector('.wq-reset').addEventListener('click', () => this.reset());
    root.addEventListener('click', (event) => this.seek(event));
    this.showScore();
  }

  /** The option a learner gave, or a message saying what is missing. */
  Quiz.prototype.given = function (item, question) {
    if (question.kind === 'choice') {
      const picked = item.querySelector('input[type=radio]:checked');
      if (!picked) return { missing: 'Choose an answer first.' };
      return { option: question.options[Number(picked.value)], index: Number(picked.value) };
    }
    const x = parseNumber(item.querySelector('input[type=text]').value);
    if (Number.isNaN(x)) return { missing: 'Type a number, for example 0.25.' };
    const index = question.options.findIndex((o) => matches(o, x));
    return { option: index >= 0 ? question.options[index] : null, index: index };
  };

  Quiz.prototype.check = function (item) {
    const question = this.byId.get(item.dataset.question);
    const feedback = item.querySelector('.wq-feedback');
    if (this.results.has(question.id)) return;
    const given = this.given(item, question);
    feedback.replaceChildren();
    if (given.missing) { // say what is missing, and go back to where it is given
      feedback.appendChild(paragraph('wq-missing', given.missing));
      item.querySelector('input').focus();
      return;
    }
    const right = Boolean(given.option && given.option.correct);
    this.results.set(question.id, right);
    for (const input of item.querySelectorAll('input, button')) input.disabled = true;
    item.classList.add(right ? 'wq-right' : 'wq-wrong');
    if (question.kind === 'choice') {
      const options = item.querySelectorAll('.wq-option');
      const answer = question.options.findIndex((o) => o.correct);
      mark(options[answer], '✓ answer', 'wq-mark-right');
      if (!right) mark(options[given.index], '✗ your choice', 'wq-mark-wrong');
    }
    const answer = question.options.find((o) => o.correct);
    feedback.appendChild(paragraph('wq-verdict', right ? 'Correct.' : 'Not quite.'));
    feedback.appendChild(paragraph('wq-why', given.option ? given.option.feedback : question.otherFeedback));
    if (!right) feedback.appendChild(paragraph('wq-answer', 'The answer: ' + answer.text + '.'));
    feedback.appendChild(paragraph('wq-explanation', question.explanation));
    const watch = question.watch;
    if (watch.href) {
      const p = paragraph('wq-watch', '');
      const link = document.createElement('a');
      link.href = watch.href;
      link.textContent = watch.text;
      link.dataset.story = question.story;
      link.dataset.start = String(watch.start);
      p.appendChild(link);
      feedback.appendChild(p);
    } else {
      feedback.appendChild(paragraph('wq-watch', watch.text));
    }
    feedback.focus();
    this.showScore();
  };

  Quiz.prototype.showScore = function () {
    const total = this.items.length;
    const answered = this.results.size;
    let right = 0;
    for (const value of this.results.values()) if (value) right += 1;
    this.score.textContent = answered === total
      ? 'You scored ' + right + ' of ' + total + '.'
      : 'Score: ' + right + ' of ' + total + ' (' + answered + ' answered).';
  };

  /** Start over: every answer, mark and feedback cleared, focus on the first question. */
  Quiz.prototype.reset = function () {
    this.results.clear();
    for (const item of this.items) {
      item.querySelector('form').reset();
      for (const input of item.querySelectorAll('input, button')) input.disabled = false;
      for (const span of item.querySelectorAll('.wq-mark')) span.remove();
      item.querySelector('.wq-feedback').replaceChildren();
      item.classList.remove('wq-right', 'wq-wrong');
    }
    this.showScore();
    const first = this.items.length && this.items[0].querySelector('input');
    if (first) first.focus();
  };

  /** On the course page a "watch it" link seeks the story's own video instead of leaving. */
  Quiz.prototype.seek = function (event) {
    const link = event.target.closest('a[data-story]');
    if (!link || !this.root.contains(link)) return;
    const video = document.querySelector('section#' + CSS.escape(link.dataset.story) + ' video');
    if (!video) return; // standalone: follow the #t= link to the video file
    event.preventDefault();
    video.currentTime = Number(link.dataset.start);
    video.scrollIntoView({ block: 'center' });
    video.focus();
    const playing = video.play();
    if (playing) playing.catch(() => {}); // autoplay may be refused; the seek still holds
  };

  const instances = Array.from(document.querySelectorAll('.whyl1-quiz')).map((root) => new Quiz(root));
  global.whyl1Quiz = { instances: instances, parseNumber: parseNumber, matches: matches };
})(window);
