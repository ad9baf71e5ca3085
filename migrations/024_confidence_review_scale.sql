-- The confidence the aligner stores became the one the app shows (server/align/calibration.ts
-- shownConfidence): the calibrated chance of a bead being right where that chance is at or above
-- the review cut, and below the cut the chance scaled into [0, 0.5), so that 0.5, where the checks,
-- the editor's filter and the grid's colours ask a person to look, holds the beads likely wrong.
-- Beads stored before kept the chance itself: a bead at 0.6 (likely wrong by the new fit) would
-- not be flagged beside a new one of the same chance shown at 0.41. This puts the aligner's beads
-- of every existing pair on the new scale, with the cut the fit had when the scale came (0.739);
-- a person's beads (origin 'manual') and the beads with no confidence are left as they are. The
-- copies of beads in the event log (what undo restores) keep the value they had; a bead restored
-- by undoing an edit made before this migration comes back on the old scale.
UPDATE beads
SET confidence = 0.5 * confidence / 0.739
WHERE origin = 'auto' AND confidence IS NOT NULL AND confidence < 0.739;
