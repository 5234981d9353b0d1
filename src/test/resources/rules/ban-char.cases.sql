-- case: character(n), bare char and bpchar
-- expect: ban-char
CREATE TABLE a (x character(2), y char, z bpchar(4));

-- case: the quoted one-byte "char" type is something else
CREATE TABLE a (flag "char");

-- case: varchar and char varying are not char(n)
CREATE TABLE a (x varchar(3), y char varying(3));
