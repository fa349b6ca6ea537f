-- Xero permission scope accounting.contacts.

-- GET /ContactGroups: DELETED groups keep their status; members as the listing carries them.
CREATE TABLE xero.contact_groups (
    tenant_id text NOT NULL,
    contact_group_id text NOT NULL,
    name text,
    status text,
    raw jsonb NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now(),
    is_deleted boolean NOT NULL DEFAULT false,
    deleted_at timestamptz,
    PRIMARY KEY (tenant_id, contact_group_id)
);

-- ContactGroups' Contacts, replaced together with their parent.
CREATE TABLE xero.contact_group_members (
    tenant_id text NOT NULL,
    contact_group_id text NOT NULL,
    line_number integer NOT NULL,
    contact_id text,
    name text,
    raw jsonb NOT NULL,
    PRIMARY KEY (tenant_id, contact_group_id, line_number),
    FOREIGN KEY (tenant_id, contact_group_id) REFERENCES xero.contact_groups (tenant_id, contact_group_id) ON DELETE CASCADE
);
