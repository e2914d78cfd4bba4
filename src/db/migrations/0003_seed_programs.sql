-- The licensing programs every deployment starts with (SPEC §3). Programs are data: operators may add more.
INSERT INTO "programs" ("id", "name", "enterprise_style", "catalog_visibility") VALUES
  ('enterprise', 'Enterprise', true, 'all'),
  ('enterprise-subscription', 'Enterprise Subscription', true, 'all'),
  ('select', 'Select', false, 'purchased'),
  ('select-plus', 'Select Plus', false, 'purchased'),
  ('open-value', 'Open Value', false, 'purchased'),
  ('open-value-subscription', 'Open Value Subscription', false, 'all'),
  ('open-license', 'Open License (legacy)', false, 'purchased'),
  ('campus', 'Campus', true, 'all'),
  ('school', 'School', true, 'all'),
  ('government-partner', 'Government Partner', false, 'purchased')
ON CONFLICT ("id") DO NOTHING;
