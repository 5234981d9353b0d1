-- case: musicbrainz: an index named after another table (l_area_instrument) than the one it is built on
-- setup:
CREATE TABLE area (id int PRIMARY KEY, name text, gid uuid);
CREATE TABLE label (id int PRIMARY KEY, name text, gid uuid);
CREATE INDEX area_idx_name ON area (name);
CREATE UNIQUE INDEX area_idx_gid ON area (gid);
CREATE INDEX label_idx_name ON label (name);
CREATE UNIQUE INDEX label_idx_gid ON label (gid);
CREATE TABLE l_area_label (id int PRIMARY KEY, entity0 int, entity1 int, link int);
CREATE UNIQUE INDEX l_area_label_idx_uniq ON l_area_label (entity0, entity1, link);
CREATE TABLE l_area_instrument (id int PRIMARY KEY, entity0 int, entity1 int, link int);
-- example:
-- expect: index-named-for-other-table
CREATE INDEX l_area_instrument_idx_entity1 ON l_area_label (entity1);

-- case: it is index-named-for-other-table's finding, not index-name-convention's as well
-- setup:
CREATE TABLE area (id int PRIMARY KEY, name text, gid uuid);
CREATE TABLE label (id int PRIMARY KEY, name text, gid uuid);
CREATE INDEX area_idx_name ON area (name);
CREATE UNIQUE INDEX area_idx_gid ON area (gid);
CREATE INDEX label_idx_name ON label (name);
CREATE UNIQUE INDEX label_idx_gid ON label (gid);
CREATE TABLE l_area_label (id int PRIMARY KEY, entity0 int, entity1 int, link int);
CREATE UNIQUE INDEX l_area_label_idx_uniq ON l_area_label (entity0, entity1, link);
CREATE TABLE l_area_instrument (id int PRIMARY KEY, entity0 int, entity1 int, link int);
-- example:
-- expect: index-named-for-other-table
CREATE UNIQUE INDEX l_area_instrument_idx_uniq ON l_area_label (entity0, entity1, link);

-- case: a name that gives the table it is built on
-- setup:
CREATE TABLE area (id int PRIMARY KEY, name text, gid uuid);
CREATE TABLE label (id int PRIMARY KEY, name text, gid uuid);
CREATE INDEX area_idx_name ON area (name);
CREATE UNIQUE INDEX area_idx_gid ON area (gid);
CREATE INDEX label_idx_name ON label (name);
CREATE UNIQUE INDEX label_idx_gid ON label (gid);
CREATE TABLE l_area_label (id int PRIMARY KEY, entity0 int, entity1 int, link int);
CREATE UNIQUE INDEX l_area_label_idx_uniq ON l_area_label (entity0, entity1, link);
CREATE TABLE l_area_instrument (id int PRIMARY KEY, entity0 int, entity1 int, link int);
-- example:
CREATE INDEX l_area_instrument_idx_entity1 ON l_area_instrument (entity1);

-- case: in a down, an index is re-created under the name it had
-- options: layout=golang-migrate down
-- setup:
CREATE TABLE area (id int PRIMARY KEY, name text, gid uuid);
CREATE TABLE label (id int PRIMARY KEY, name text, gid uuid);
CREATE INDEX area_idx_name ON area (name);
CREATE UNIQUE INDEX area_idx_gid ON area (gid);
CREATE INDEX label_idx_name ON label (name);
CREATE UNIQUE INDEX label_idx_gid ON label (gid);
CREATE TABLE l_area_label (id int PRIMARY KEY, entity0 int, entity1 int, link int);
CREATE UNIQUE INDEX l_area_label_idx_uniq ON l_area_label (entity0, entity1, link);
CREATE TABLE l_area_instrument (id int PRIMARY KEY, entity0 int, entity1 int, link int);
-- example:
CREATE INDEX l_area_instrument_idx_entity1 ON l_area_label (entity1);

-- case: a folder with no dominant template yet
-- setup:
CREATE TABLE l_area_label (id int PRIMARY KEY, entity0 int, entity1 int, link int);
CREATE TABLE l_area_instrument (id int PRIMARY KEY, entity0 int, entity1 int, link int);
-- example:
CREATE INDEX l_area_instrument_idx_entity1 ON l_area_label (entity1);

-- case: a name closer to its own table's name than to another table's (the table's name before a rename)
-- setup:
CREATE TABLE IF NOT EXISTS ehr (id uuid PRIMARY KEY, creation_date timestamptz);
CREATE TABLE IF NOT EXISTS ehr_status_data (vo_id uuid PRIMARY KEY, subject_id text, subject_ns text);
CREATE TABLE IF NOT EXISTS comp_data (vo_id uuid PRIMARY KEY, num int, entity_concept text, rm_entity text);
CREATE INDEX ehr_creation_date_idx ON ehr (creation_date);
CREATE INDEX ehr_status_data_subject_id_idx ON ehr_status_data (subject_id);
CREATE INDEX ehr_status_data_subject_ns_idx ON ehr_status_data (subject_ns);
CREATE INDEX comp_data_num_idx ON comp_data (num);
CREATE INDEX comp_data_entity_concept_idx ON comp_data (entity_concept);
CREATE INDEX comp_data_rm_entity_idx ON comp_data (rm_entity);
-- example:
CREATE UNIQUE INDEX ehr_status_subject_idx ON ehr_status_data (subject_id, subject_ns);
