-- How surely the two versions of a pair translate each other (server/align/parallelism.ts), in
-- [0,1], measured on the pair's first automatic alignment: the work page shows it beside the pair and
-- flags a pair below 0.5 (an unrelated text imported by mistake). NULL for a pair that was never
-- aligned automatically (imported aligned files).
-- (Numbered 009: the runner applies whatever is missing, in order.)

ALTER TABLE alignments ADD COLUMN parallelism REAL;
