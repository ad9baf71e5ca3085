-- The form of each term (TBX termType, the ISO 12620 picklist): fullForm, abbreviation, shortForm, ...
-- NULL when not said (the checks then take a word in capitals for an abbreviation).
-- The allowed values are termTypes of server/terms/termbase.ts, in the same order;
-- tests/db/migrate.test.ts checks that the database accepts exactly those. A new type needs a
-- migration that rebuilds the table (SQLite cannot change a column's CHECK).

ALTER TABLE term_entries ADD COLUMN term_type TEXT CHECK (term_type IS NULL OR term_type IN (
    'fullForm', 'abbreviation', 'acronym', 'initialism', 'shortForm', 'clippedTerm', 'variant',
    'synonym', 'phrase', 'phraseologicalUnit', 'synonymousPhrase', 'transliteratedForm',
    'transcribedForm', 'romanizedForm', 'symbol', 'formula', 'equation', 'logicalExpression',
    'entryTerm', 'commonName', 'internationalScientificTerm', 'internationalism', 'standardText',
    'partNumber', 'sku', 'string', 'shortcut'
));

-- A database that seeded the declaration's termbase before this column existed lost the types its
-- termbase.json gives (a shipped termbase is seeded once): they are filled in here, for the terms
-- that are still there as shipped (same concept, language and text) and have no type.
WITH shipped (key, lang, text, type) AS (VALUES
  ('sco', 'en', 'Shanghai Cooperation Organisation', 'fullForm'),
  ('sco', 'en', 'Shanghai Cooperation Organization', 'variant'),
  ('sco', 'en', 'SCO', 'abbreviation'),
  ('sco', 'ru', 'Шанхайская организация сотрудничества', 'fullForm'),
  ('sco', 'ru', 'ШОС', 'abbreviation'),
  ('sco', 'zh', '上海合作组织', 'fullForm'),
  ('sco', 'zh', '上合组织', 'shortForm'),
  ('rats', 'en', 'RATS', 'abbreviation'),
  ('rats', 'ru', 'РАТС', 'abbreviation'),
  ('council-of-heads-of-government', 'en', 'Council of Heads of Government', 'shortForm'),
  ('council-of-heads-of-government', 'ru', 'Совет глав правительств', 'shortForm'),
  ('council-of-heads-of-government', 'zh', '政府首脑理事会', 'shortForm'),
  ('business-council', 'zh', '实业家委员会', 'shortForm'),
  ('development-fund', 'zh', '开发基金', 'shortForm'),
  ('un', 'en', 'UN', 'abbreviation'),
  ('un', 'ru', 'ООН', 'abbreviation'),
  ('cis', 'en', 'CIS', 'abbreviation'),
  ('cis', 'en', 'Commonwealth of Independent States', 'fullForm'),
  ('cis', 'ru', 'СНГ', 'abbreviation'),
  ('cis', 'ru', 'Содружество Независимых Государств', 'fullForm')
)
UPDATE term_entries SET term_type = shipped.type
FROM shipped JOIN term_concepts ON term_concepts.key = shipped.key
WHERE term_entries.concept_id = term_concepts.id
  AND term_entries.lang = shipped.lang
  AND term_entries.text = shipped.text
  AND term_entries.term_type IS NULL
  AND EXISTS (SELECT 1 FROM termbase_seeds WHERE name = 'declaration-2005');
