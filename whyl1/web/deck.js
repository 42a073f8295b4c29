/* whyl1's presenter deck: reveal.js with one clip per slide.
 *
 * A step's clip plays from its first frame when its slide opens and stays on its last
 * frame when it ends; the next key press goes on. Leaving a slide stops its clip and
 * puts it back at its first frame, so coming back shows the start again rather than a
 * flash of the end. Browsers refuse to start sound before the viewer has pressed a key
 * or clicked, so the deck opens on a title slide: by the first clip there has been a key
 * press. Opened at a clip's slide (a reload), a refused start shows the clip's controls
 * instead. The speaker view (S) shows the clips but never plays them: the sound comes
 * from the audience's screen only.
 */
(() => {
  'use strict';

  const clipOf = slide => (slide ? slide.querySelector('video.whyl1-clip') : null);

  const rewind = video => {
    video.pause();
    video.currentTime = 0;
  };

  const play = slide => {
    const video = clipOf(slide);
    if (!video || Reveal.isSpeakerNotes()) return;
    video.currentTime = 0;
    video.play().catch(() => {
      video.controls = true;
    });
  };

  Reveal.on('slidechanged', event => {
    const previous = clipOf(event.previousSlide);
    if (previous) rewind(previous);
    play(event.currentSlide);
  });
  Reveal.on('ready', event => play(event.currentSlide));

  Reveal.initialize({
    hash: true,
    width: 1280,
    height: 720,
    margin: 0,
    transition: 'none',
    backgroundTransition: 'none',
    autoPlayMedia: false,
    viewDistance: 2,
    plugins: [RevealNotes],
  });
})();
