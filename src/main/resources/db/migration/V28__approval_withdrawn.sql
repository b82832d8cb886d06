-- A requester may withdraw their own pending approval request (docs/approvals.md): status WITHDRAWN, decided_by the
-- requester's actor, decided_at when.
alter table approval_requests drop constraint approval_requests_status_check;
alter table approval_requests add constraint approval_requests_status_check
    check (status in ('PENDING', 'APPROVED', 'REJECTED', 'EXPIRED', 'FAILED', 'WITHDRAWN'));
