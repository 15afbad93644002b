-- One database per service, all owned by the application role `jianguan`.
-- Run once by the postgres image on an empty data volume (/docker-entrypoint-initdb.d);
-- to re-run it, remove the volume: `docker compose down -v`.
-- The password is a development default: production gets its databases and
-- credentials from the platform, and the services only see <PREFIX>DATABASE_URL.
CREATE ROLE jianguan LOGIN PASSWORD 'jianguan';

CREATE DATABASE credit_rating OWNER jianguan;
CREATE DATABASE inspection_draw OWNER jianguan;
CREATE DATABASE case_transfer OWNER jianguan;
CREATE DATABASE complaint_intake OWNER jianguan;
CREATE DATABASE public_notice OWNER jianguan;
