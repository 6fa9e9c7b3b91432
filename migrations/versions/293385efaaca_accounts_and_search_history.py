"""Accounts, revoked tokens, and the history of searches (searches + search_data).

Revision ID: 293385efaaca
Revises: 
Create Date: 2026-12-03 16:58:31.102569

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '293385efaaca'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('revoked_tokens',
    sa.Column('jti', sa.String(length=64), nullable=False),
    sa.Column('token_type', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_revoked_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('jti', name=op.f('pk_revoked_tokens'))
    )
    with op.batch_alter_table('revoked_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revoked_tokens_expires_at'), ['expires_at'], unique=False)

    op.create_table('searches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('api_version', sa.Enum('v1', 'v2', name='api_version', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('colors', sa.Integer(), nullable=True),
    sa.Column('customers', sa.Integer(), nullable=True),
    sa.Column('likes', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.Enum('solved', 'impossible', 'rejected', name='outcome', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('matte_count', sa.Integer(), nullable=True),
    sa.Column('duration_ms', sa.Double(), nullable=False),
    sa.Column('http_status', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_searches_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_searches'))
    )
    with op.batch_alter_table('searches', schema=None) as batch_op:
        batch_op.create_index('ix_searches_user_id_created_at', ['user_id', 'created_at'], unique=False)

    op.create_table('search_data',
    sa.Column('search_id', sa.Integer(), nullable=False),
    sa.Column('request', sa.Text(), nullable=True),
    sa.Column('response', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['search_id'], ['searches.id'], name=op.f('fk_search_data_search_id_searches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('search_id', name=op.f('pk_search_data'))
    )


def downgrade():
    op.drop_table('search_data')
    with op.batch_alter_table('searches', schema=None) as batch_op:
        batch_op.drop_index('ix_searches_user_id_created_at')

    op.drop_table('searches')
    with op.batch_alter_table('revoked_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revoked_tokens_expires_at'))

    op.drop_table('revoked_tokens')
    op.drop_table('users')
