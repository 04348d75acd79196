/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query BenchNested { users(first: 50) { nodes { id name items(first: 10) { nodes { id name priceCents owner { id name } } } } } }": typeof types.BenchNestedDocument,
    "query BenchLight { user(id: 42) { id name email } }": typeof types.BenchLightDocument,
    "\n  mutation LogIn($email: String!, $password: String!) {\n    logIn(email: $email, password: $password) { token user { id email } }\n  }\n": typeof types.LogInDocument,
    "\n  query Me { me { id name email role } }\n": typeof types.MeDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { id name } }\n": typeof types.UpdateProfileDocument,
    "\n  mutation LogInAsAdmin($email: String!, $password: String!) { logIn(email: $email, password: $password) { token user { role } } }\n": typeof types.LogInAsAdminDocument,
    "\n  query UserEmail($id: ID!) { user(id: $id) { email } }\n": typeof types.UserEmailDocument,
    "\n  query BadInputUsers($first: Int) { users(first: $first) { nodes { id } } }\n": typeof types.BadInputUsersDocument,
    "\n  query CacheProfile($id: ID!) { user(id: $id) { id name } }\n": typeof types.CacheProfileDocument,
    "\n  mutation CacheUpdateName($name: String!) { updateProfile(input: { name: $name }) { id name } }\n": typeof types.CacheUpdateNameDocument,
    "\n  query NestedCatalog($first: Int!) {\n    users(first: $first) { nodes { id items(first: 10) { nodes { sku owner { name } } } } }\n  }\n": typeof types.NestedCatalogDocument,
    "\n  query ItemsWithOwners($first: Int!) { items(first: $first) { nodes { id owner { name } } } }\n": typeof types.ItemsWithOwnersDocument,
    "\n  query UsersPage($first: Int, $after: String) {\n    users(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } }\n  }\n": typeof types.UsersPageDocument,
    "\n  query UsersItemsPage($first: Int, $after: String) {\n    users(first: 3) { nodes { id items(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }\n  }\n": typeof types.UsersItemsPageDocument,
    "\n  query UsersTotal { users(first: 1) { totalCount nodes { id items { totalCount nodes { id } } } } }\n": typeof types.UsersTotalDocument,
    "\n  query UsersNoTotal { users(first: 1) { nodes { id items { nodes { id } } } } }\n": typeof types.UsersNoTotalDocument,
    "\n  query UserById($id: ID!) { user(id: $id) { id name email } item(id: $id) { id } }\n": typeof types.UserByIdDocument,
    "\n  query UserOrders($id: ID!) { user(id: $id) { orders { totalCount } } }\n": typeof types.UserOrdersDocument,
    "\n  query EmbeddedCatalog { users(first: 50) { nodes { items(first: 10) { nodes { owner { name } } } } } }\n": typeof types.EmbeddedCatalogDocument,
    "\n  query CostNestedCatalog { users(first: 50) { nodes { items(first: 10) { nodes { owner { name } } } } } }\n": typeof types.CostNestedCatalogDocument,
    "\n  query CostOverBudget { users(first: 100) { nodes { items(first: 100) { nodes { id name } } } } }\n": typeof types.CostOverBudgetDocument,
    "\n  query CostMe { me { id } }\n": typeof types.CostMeDocument,
    "\n  query ErrorsUsers { users(first: 1) { nodes { id } } }\n": typeof types.ErrorsUsersDocument,
    "\n  query PromotionItems { items(first: 5) { nodes { id sku } } }\n": typeof types.PromotionItemsDocument,
    "\n  mutation PromotionItem($input: CreateItemInput!) { createItem(input: $input) { id } }\n": typeof types.PromotionItemDocument,
    "\n  query SentinelCatalog { items(first: 5) { nodes { id name } } }\n": typeof types.SentinelCatalogDocument,
    "\n  mutation SentinelReport($kind: ReportKind!) { generateReport(kind: $kind) { id state } }\n": typeof types.SentinelReportDocument,
    "\n  subscription SentinelJobUpdated($id: ID!) { jobUpdated(id: $id) { id state progress } }\n": typeof types.SentinelJobUpdatedDocument,
    "\n  subscription SentinelMyJobUpdated { myJobUpdated { id state } }\n": typeof types.SentinelMyJobUpdatedDocument,
    "\n  query FailoverUserNames { users(first: 10) { nodes { name } } }\n": typeof types.FailoverUserNamesDocument,
    "\n  mutation SendWelcomeEmail($userId: ID!) { sendWelcomeEmail(userId: $userId) { id state } }\n": typeof types.SendWelcomeEmailDocument,
    "\n  subscription MyJobUpdated { myJobUpdated { id kind state progress attempts } }\n": typeof types.MyJobUpdatedDocument,
    "\n  mutation CancelJob($id: ID!) { cancelJob(id: $id) { id state } }\n": typeof types.CancelJobDocument,
    "\n  subscription FollowJob($id: ID!) { jobUpdated(id: $id) { id state progress report { url } } }\n": typeof types.FollowJobDocument,
    "\n  mutation GenerateReport($kind: ReportKind!) { generateReport(kind: $kind) { id state } }\n": typeof types.GenerateReportDocument,
    "\n  subscription JobUpdated($id: ID!) { jobUpdated(id: $id) { id state progress attempts } }\n": typeof types.JobUpdatedDocument,
    "\n  mutation SendWelcomeEmailAgain($userId: ID!) { sendWelcomeEmail(userId: $userId) { id } }\n": typeof types.SendWelcomeEmailAgainDocument,
    "\n  mutation RetryJob($id: ID!) { retryJob(id: $id) { id state attempts error } }\n": typeof types.RetryJobDocument,
    "\n  query ClientLimitMe { me { id } }\n": typeof types.ClientLimitMeDocument,
    "\n  mutation LimitsLogIn($email: String!, $password: String!) { logIn(email: $email, password: $password) { token } }\n": typeof types.LimitsLogInDocument,
    "\n  mutation LimitsSignUpThenLogIn($input: SignUpInput!, $email: String!, $password: String!) {\n    signUp(input: $input) { user { id } }\n    logIn(email: $email, password: $password) { token }\n  }\n": typeof types.LimitsSignUpThenLogInDocument,
    "\n  mutation LimitsPlaceOrder($itemId: ID!) { placeOrder(itemId: $itemId, quantity: 1) { id } }\n": typeof types.LimitsPlaceOrderDocument,
    "\n  query ProductionMe { me { id } }\n": typeof types.ProductionMeDocument,
    "\n  mutation RedisDownLogIn($email: String!) { logIn(email: $email, password: \"not the password\") { token } }\n": typeof types.RedisDownLogInDocument,
    "\n  query RedisDownProfile($id: ID!) { user(id: $id) { id name } }\n": typeof types.RedisDownProfileDocument,
    "\n  subscription WatchQueuedJob($id: ID!) { jobUpdated(id: $id) { id state } }\n": typeof types.WatchQueuedJobDocument,
    "\n  mutation PlaceOrder($itemId: ID!, $quantity: Int!, $idempotencyKey: String) {\n    placeOrder(itemId: $itemId, quantity: $quantity, idempotencyKey: $idempotencyKey) {\n      id quantity totalCents item { id stock } buyer { id }\n    }\n  }\n": typeof types.PlaceOrderDocument,
    "\n  query MyOrders { me { orders(first: 5) { totalCount nodes { id quantity } } } }\n": typeof types.MyOrdersDocument,
    "\n  query LagCatalog { items(first: 5) { nodes { sku } } }\n": typeof types.LagCatalogDocument,
    "\n  query LagItemById($id: ID!) { item(id: $id) { id } }\n": typeof types.LagItemByIdDocument,
    "\n  query LagMeAndUsers { me { id name } users(first: 100) { nodes { id name } } }\n": typeof types.LagMeAndUsersDocument,
    "\n  mutation LagRename($input: UpdateProfileInput!) { updateProfile(input: $input) { id name } }\n": typeof types.LagRenameDocument,
    "\n  mutation LagNewItem($input: CreateItemInput!) { createItem(input: $input) { id } }\n": typeof types.LagNewItemDocument,
    "\n  query OutageCatalog { items(first: 5) { totalCount nodes { id } } }\n": typeof types.OutageCatalogDocument,
    "\n  mutation ReplicaReport($kind: ReportKind!) { generateReport(kind: $kind) { id state } }\n": typeof types.ReplicaReportDocument,
    "\n  mutation ReplicaOrder($itemId: ID!) { placeOrder(itemId: $itemId, quantity: 1) { id } }\n": typeof types.ReplicaOrderDocument,
    "\n  subscription ReplicaJobUpdated($id: ID!) { jobUpdated(id: $id) { id state progress } }\n": typeof types.ReplicaJobUpdatedDocument,
    "\n  query ReplicaCatalog { items(first: 5) { nodes { id owner { name } } } }\n": typeof types.ReplicaCatalogDocument,
    "\n  mutation CreateAndRead($input: CreateItemInput!) {\n    createItem(input: $input) { id owner { name items { totalCount } } }\n  }\n": typeof types.CreateAndReadDocument,
    "\n  subscription JobReportUrl($id: ID!) { jobUpdated(id: $id) { id report { url } } }\n": typeof types.JobReportUrlDocument,
    "\n  mutation GenerateInventory { generateReport(kind: INVENTORY_CSV) { id } }\n": typeof types.GenerateInventoryDocument,
    "\n  subscription WatchReport($id: ID!) { jobUpdated(id: $id) { id state progress attempts updatedAt report { kind } } }\n": typeof types.WatchReportDocument,
    "\n  subscription WatchJob($id: ID!) { jobUpdated(id: $id) { id state attempts } }\n": typeof types.WatchJobDocument,
    "\n  subscription WatchMyJobs { myJobUpdated { id state } }\n": typeof types.WatchMyJobsDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      user { id name email role }\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation LogInAsAdminAgain($email: String!, $password: String!) { logIn(email: $email, password: $password) { token } }\n": typeof types.LogInAsAdminAgainDocument,
    "\n  mutation CreateItem($input: CreateItemInput!) {\n    createItem(input: $input) { id sku name priceCents stock owner { id } }\n  }\n": typeof types.CreateItemDocument,
    "\n  query JobById($id: ID!) {\n    job(id: $id) { id kind state progress attempts maxAttempts error result report { id url sizeBytes kind } }\n  }\n": typeof types.JobByIdDocument,
    "\n  mutation StartReport($kind: ReportKind!) { generateReport(kind: $kind) { id state kind } }\n": typeof types.StartReportDocument,
    "\n  query MyJobs($state: JobState) {\n    jobs(first: 20, state: $state) { totalCount nodes { id kind state attempts } }\n  }\n": typeof types.MyJobsDocument,
    "\n  query ReplicaTracedCatalog { items(first: 5) { nodes { id name } } }\n": typeof types.ReplicaTracedCatalogDocument,
    "\n  query SampledPage { items(first: 5) { nodes { id name } } }\n": typeof types.SampledPageDocument,
    "\n  query UnsampledItem($id: ID!) { item(id: $id) { id name } }\n": typeof types.UnsampledItemDocument,
    "\n  query TracedCatalog { items(first: 5) { nodes { id name owner { id name } } } }\n": typeof types.TracedCatalogDocument,
    "\n  subscription TracedJob($id: ID!) { jobUpdated(id: $id) { id state progress } }\n": typeof types.TracedJobDocument,
    "\n  subscription TracedMyJobs { myJobUpdated { id state } }\n": typeof types.TracedMyJobsDocument,
    "\n  query TrustedCatalog($first: Int!) { items(first: $first) { nodes { id sku } } }\n": typeof types.TrustedCatalogDocument,
    "\n  query TrustedMe { me { id email } }\n": typeof types.TrustedMeDocument,
    "\n  query TrustedMyName { me { name } }\n": typeof types.TrustedMyNameDocument,
    "\n  query TrustedNested($first: Int!) { users(first: $first) { nodes { id items(first: 10) { nodes { sku owner { name } } } } } }\n": typeof types.TrustedNestedDocument,
    "\n  query TrustedOverBudget { users(first: 100) { nodes { items(first: 100) { nodes { id } } } } }\n": typeof types.TrustedOverBudgetDocument,
    "\n  query TrustedLatestJob { jobs(first: 1) { nodes { id } } }\n": typeof types.TrustedLatestJobDocument,
    "\n  mutation TrustedRename($input: UpdateProfileInput!) { updateProfile(input: $input) { id name } }\n": typeof types.TrustedRenameDocument,
    "\n  subscription TrustedFollowJob($id: ID!) { jobUpdated(id: $id) { id state } }\n": typeof types.TrustedFollowJobDocument,
    "\n  query JobVisibility($id: ID!) { job(id: $id) { id } }\n": typeof types.JobVisibilityDocument,
    "\n  query EmailVisibility($id: ID!) { user(id: $id) { id email } }\n": typeof types.EmailVisibilityDocument,
    "\n  query OrdersVisibility($id: ID!) { user(id: $id) { orders(first: 1) { totalCount } } }\n": typeof types.OrdersVisibilityDocument,
    "\n  subscription JobUpdatedVisibility($id: ID!) { jobUpdated(id: $id) { id } }\n": typeof types.JobUpdatedVisibilityDocument,
    "\n  subscription FollowQueuedJob($id: ID!) { jobUpdated(id: $id) { id state } }\n": typeof types.FollowQueuedJobDocument,
    "\n  subscription RecheckWatchJob($id: ID!) { jobUpdated(id: $id) { id } }\n": typeof types.RecheckWatchJobDocument,
    "\n  subscription RecheckWatchMyJobs { myJobUpdated { id } }\n": typeof types.RecheckWatchMyJobsDocument,
};
const documents: Documents = {
    "query BenchNested { users(first: 50) { nodes { id name items(first: 10) { nodes { id name priceCents owner { id name } } } } } }": types.BenchNestedDocument,
    "query BenchLight { user(id: 42) { id name email } }": types.BenchLightDocument,
    "\n  mutation LogIn($email: String!, $password: String!) {\n    logIn(email: $email, password: $password) { token user { id email } }\n  }\n": types.LogInDocument,
    "\n  query Me { me { id name email role } }\n": types.MeDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { id name } }\n": types.UpdateProfileDocument,
    "\n  mutation LogInAsAdmin($email: String!, $password: String!) { logIn(email: $email, password: $password) { token user { role } } }\n": types.LogInAsAdminDocument,
    "\n  query UserEmail($id: ID!) { user(id: $id) { email } }\n": types.UserEmailDocument,
    "\n  query BadInputUsers($first: Int) { users(first: $first) { nodes { id } } }\n": types.BadInputUsersDocument,
    "\n  query CacheProfile($id: ID!) { user(id: $id) { id name } }\n": types.CacheProfileDocument,
    "\n  mutation CacheUpdateName($name: String!) { updateProfile(input: { name: $name }) { id name } }\n": types.CacheUpdateNameDocument,
    "\n  query NestedCatalog($first: Int!) {\n    users(first: $first) { nodes { id items(first: 10) { nodes { sku owner { name } } } } }\n  }\n": types.NestedCatalogDocument,
    "\n  query ItemsWithOwners($first: Int!) { items(first: $first) { nodes { id owner { name } } } }\n": types.ItemsWithOwnersDocument,
    "\n  query UsersPage($first: Int, $after: String) {\n    users(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } }\n  }\n": types.UsersPageDocument,
    "\n  query UsersItemsPage($first: Int, $after: String) {\n    users(first: 3) { nodes { id items(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }\n  }\n": types.UsersItemsPageDocument,
    "\n  query UsersTotal { users(first: 1) { totalCount nodes { id items { totalCount nodes { id } } } } }\n": types.UsersTotalDocument,
    "\n  query UsersNoTotal { users(first: 1) { nodes { id items { nodes { id } } } } }\n": types.UsersNoTotalDocument,
    "\n  query UserById($id: ID!) { user(id: $id) { id name email } item(id: $id) { id } }\n": types.UserByIdDocument,
    "\n  query UserOrders($id: ID!) { user(id: $id) { orders { totalCount } } }\n": types.UserOrdersDocument,
    "\n  query EmbeddedCatalog { users(first: 50) { nodes { items(first: 10) { nodes { owner { name } } } } } }\n": types.EmbeddedCatalogDocument,
    "\n  query CostNestedCatalog { users(first: 50) { nodes { items(first: 10) { nodes { owner { name } } } } } }\n": types.CostNestedCatalogDocument,
    "\n  query CostOverBudget { users(first: 100) { nodes { items(first: 100) { nodes { id name } } } } }\n": types.CostOverBudgetDocument,
    "\n  query CostMe { me { id } }\n": types.CostMeDocument,
    "\n  query ErrorsUsers { users(first: 1) { nodes { id } } }\n": types.ErrorsUsersDocument,
    "\n  query PromotionItems { items(first: 5) { nodes { id sku } } }\n": types.PromotionItemsDocument,
    "\n  mutation PromotionItem($input: CreateItemInput!) { createItem(input: $input) { id } }\n": types.PromotionItemDocument,
    "\n  query SentinelCatalog { items(first: 5) { nodes { id name } } }\n": types.SentinelCatalogDocument,
    "\n  mutation SentinelReport($kind: ReportKind!) { generateReport(kind: $kind) { id state } }\n": types.SentinelReportDocument,
    "\n  subscription SentinelJobUpdated($id: ID!) { jobUpdated(id: $id) { id state progress } }\n": types.SentinelJobUpdatedDocument,
    "\n  subscription SentinelMyJobUpdated { myJobUpdated { id state } }\n": types.SentinelMyJobUpdatedDocument,
    "\n  query FailoverUserNames { users(first: 10) { nodes { name } } }\n": types.FailoverUserNamesDocument,
    "\n  mutation SendWelcomeEmail($userId: ID!) { sendWelcomeEmail(userId: $userId) { id state } }\n": types.SendWelcomeEmailDocument,
    "\n  subscription MyJobUpdated { myJobUpdated { id kind state progress attempts } }\n": types.MyJobUpdatedDocument,
    "\n  mutation CancelJob($id: ID!) { cancelJob(id: $id) { id state } }\n": types.CancelJobDocument,
    "\n  subscription FollowJob($id: ID!) { jobUpdated(id: $id) { id state progress report { url } } }\n": types.FollowJobDocument,
    "\n  mutation GenerateReport($kind: ReportKind!) { generateReport(kind: $kind) { id state } }\n": types.GenerateReportDocument,
    "\n  subscription JobUpdated($id: ID!) { jobUpdated(id: $id) { id state progress attempts } }\n": types.JobUpdatedDocument,
    "\n  mutation SendWelcomeEmailAgain($userId: ID!) { sendWelcomeEmail(userId: $userId) { id } }\n": types.SendWelcomeEmailAgainDocument,
    "\n  mutation RetryJob($id: ID!) { retryJob(id: $id) { id state attempts error } }\n": types.RetryJobDocument,
    "\n  query ClientLimitMe { me { id } }\n": types.ClientLimitMeDocument,
    "\n  mutation LimitsLogIn($email: String!, $password: String!) { logIn(email: $email, password: $password) { token } }\n": types.LimitsLogInDocument,
    "\n  mutation LimitsSignUpThenLogIn($input: SignUpInput!, $email: String!, $password: String!) {\n    signUp(input: $input) { user { id } }\n    logIn(email: $email, password: $password) { token }\n  }\n": types.LimitsSignUpThenLogInDocument,
    "\n  mutation LimitsPlaceOrder($itemId: ID!) { placeOrder(itemId: $itemId, quantity: 1) { id } }\n": types.LimitsPlaceOrderDocument,
    "\n  query ProductionMe { me { id } }\n": types.ProductionMeDocument,
    "\n  mutation RedisDownLogIn($email: String!) { logIn(email: $email, password: \"not the password\") { token } }\n": types.RedisDownLogInDocument,
    "\n  query RedisDownProfile($id: ID!) { user(id: $id) { id name } }\n": types.RedisDownProfileDocument,
    "\n  subscription WatchQueuedJob($id: ID!) { jobUpdated(id: $id) { id state } }\n": types.WatchQueuedJobDocument,
    "\n  mutation PlaceOrder($itemId: ID!, $quantity: Int!, $idempotencyKey: String) {\n    placeOrder(itemId: $itemId, quantity: $quantity, idempotencyKey: $idempotencyKey) {\n      id quantity totalCents item { id stock } buyer { id }\n    }\n  }\n": types.PlaceOrderDocument,
    "\n  query MyOrders { me { orders(first: 5) { totalCount nodes { id quantity } } } }\n": types.MyOrdersDocument,
    "\n  query LagCatalog { items(first: 5) { nodes { sku } } }\n": types.LagCatalogDocument,
    "\n  query LagItemById($id: ID!) { item(id: $id) { id } }\n": types.LagItemByIdDocument,
    "\n  query LagMeAndUsers { me { id name } users(first: 100) { nodes { id name } } }\n": types.LagMeAndUsersDocument,
    "\n  mutation LagRename($input: UpdateProfileInput!) { updateProfile(input: $input) { id name } }\n": types.LagRenameDocument,
    "\n  mutation LagNewItem($input: CreateItemInput!) { createItem(input: $input) { id } }\n": types.LagNewItemDocument,
    "\n  query OutageCatalog { items(first: 5) { totalCount nodes { id } } }\n": types.OutageCatalogDocument,
    "\n  mutation ReplicaReport($kind: ReportKind!) { generateReport(kind: $kind) { id state } }\n": types.ReplicaReportDocument,
    "\n  mutation ReplicaOrder($itemId: ID!) { placeOrder(itemId: $itemId, quantity: 1) { id } }\n": types.ReplicaOrderDocument,
    "\n  subscription ReplicaJobUpdated($id: ID!) { jobUpdated(id: $id) { id state progress } }\n": types.ReplicaJobUpdatedDocument,
    "\n  query ReplicaCatalog { items(first: 5) { nodes { id owner { name } } } }\n": types.ReplicaCatalogDocument,
    "\n  mutation CreateAndRead($input: CreateItemInput!) {\n    createItem(input: $input) { id owner { name items { totalCount } } }\n  }\n": types.CreateAndReadDocument,
    "\n  subscription JobReportUrl($id: ID!) { jobUpdated(id: $id) { id report { url } } }\n": types.JobReportUrlDocument,
    "\n  mutation GenerateInventory { generateReport(kind: INVENTORY_CSV) { id } }\n": types.GenerateInventoryDocument,
    "\n  subscription WatchReport($id: ID!) { jobUpdated(id: $id) { id state progress attempts updatedAt report { kind } } }\n": types.WatchReportDocument,
    "\n  subscription WatchJob($id: ID!) { jobUpdated(id: $id) { id state attempts } }\n": types.WatchJobDocument,
    "\n  subscription WatchMyJobs { myJobUpdated { id state } }\n": types.WatchMyJobsDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      user { id name email role }\n    }\n  }\n": types.SignUpDocument,
    "\n  mutation LogInAsAdminAgain($email: String!, $password: String!) { logIn(email: $email, password: $password) { token } }\n": types.LogInAsAdminAgainDocument,
    "\n  mutation CreateItem($input: CreateItemInput!) {\n    createItem(input: $input) { id sku name priceCents stock owner { id } }\n  }\n": types.CreateItemDocument,
    "\n  query JobById($id: ID!) {\n    job(id: $id) { id kind state progress attempts maxAttempts error result report { id url sizeBytes kind } }\n  }\n": types.JobByIdDocument,
    "\n  mutation StartReport($kind: ReportKind!) { generateReport(kind: $kind) { id state kind } }\n": types.StartReportDocument,
    "\n  query MyJobs($state: JobState) {\n    jobs(first: 20, state: $state) { totalCount nodes { id kind state attempts } }\n  }\n": types.MyJobsDocument,
    "\n  query ReplicaTracedCatalog { items(first: 5) { nodes { id name } } }\n": types.ReplicaTracedCatalogDocument,
    "\n  query SampledPage { items(first: 5) { nodes { id name } } }\n": types.SampledPageDocument,
    "\n  query UnsampledItem($id: ID!) { item(id: $id) { id name } }\n": types.UnsampledItemDocument,
    "\n  query TracedCatalog { items(first: 5) { nodes { id name owner { id name } } } }\n": types.TracedCatalogDocument,
    "\n  subscription TracedJob($id: ID!) { jobUpdated(id: $id) { id state progress } }\n": types.TracedJobDocument,
    "\n  subscription TracedMyJobs { myJobUpdated { id state } }\n": types.TracedMyJobsDocument,
    "\n  query TrustedCatalog($first: Int!) { items(first: $first) { nodes { id sku } } }\n": types.TrustedCatalogDocument,
    "\n  query TrustedMe { me { id email } }\n": types.TrustedMeDocument,
    "\n  query TrustedMyName { me { name } }\n": types.TrustedMyNameDocument,
    "\n  query TrustedNested($first: Int!) { users(first: $first) { nodes { id items(first: 10) { nodes { sku owner { name } } } } } }\n": types.TrustedNestedDocument,
    "\n  query TrustedOverBudget { users(first: 100) { nodes { items(first: 100) { nodes { id } } } } }\n": types.TrustedOverBudgetDocument,
    "\n  query TrustedLatestJob { jobs(first: 1) { nodes { id } } }\n": types.TrustedLatestJobDocument,
    "\n  mutation TrustedRename($input: UpdateProfileInput!) { updateProfile(input: $input) { id name } }\n": types.TrustedRenameDocument,
    "\n  subscription TrustedFollowJob($id: ID!) { jobUpdated(id: $id) { id state } }\n": types.TrustedFollowJobDocument,
    "\n  query JobVisibility($id: ID!) { job(id: $id) { id } }\n": types.JobVisibilityDocument,
    "\n  query EmailVisibility($id: ID!) { user(id: $id) { id email } }\n": types.EmailVisibilityDocument,
    "\n  query OrdersVisibility($id: ID!) { user(id: $id) { orders(first: 1) { totalCount } } }\n": types.OrdersVisibilityDocument,
    "\n  subscription JobUpdatedVisibility($id: ID!) { jobUpdated(id: $id) { id } }\n": types.JobUpdatedVisibilityDocument,
    "\n  subscription FollowQueuedJob($id: ID!) { jobUpdated(id: $id) { id state } }\n": types.FollowQueuedJobDocument,
    "\n  subscription RecheckWatchJob($id: ID!) { jobUpdated(id: $id) { id } }\n": types.RecheckWatchJobDocument,
    "\n  subscription RecheckWatchMyJobs { myJobUpdated { id } }\n": types.RecheckWatchMyJobsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query BenchNested { users(first: 50) { nodes { id name items(first: 10) { nodes { id name priceCents owner { id name } } } } } }"): (typeof documents)["query BenchNested { users(first: 50) { nodes { id name items(first: 10) { nodes { id name priceCents owner { id name } } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query BenchLight { user(id: 42) { id name email } }"): (typeof documents)["query BenchLight { user(id: 42) { id name email } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogIn($email: String!, $password: String!) {\n    logIn(email: $email, password: $password) { token user { id email } }\n  }\n"): (typeof documents)["\n  mutation LogIn($email: String!, $password: String!) {\n    logIn(email: $email, password: $password) { token user { id email } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me { me { id name email role } }\n"): (typeof documents)["\n  query Me { me { id name email role } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { id name } }\n"): (typeof documents)["\n  mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogInAsAdmin($email: String!, $password: String!) { logIn(email: $email, password: $password) { token user { role } } }\n"): (typeof documents)["\n  mutation LogInAsAdmin($email: String!, $password: String!) { logIn(email: $email, password: $password) { token user { role } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserEmail($id: ID!) { user(id: $id) { email } }\n"): (typeof documents)["\n  query UserEmail($id: ID!) { user(id: $id) { email } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BadInputUsers($first: Int) { users(first: $first) { nodes { id } } }\n"): (typeof documents)["\n  query BadInputUsers($first: Int) { users(first: $first) { nodes { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CacheProfile($id: ID!) { user(id: $id) { id name } }\n"): (typeof documents)["\n  query CacheProfile($id: ID!) { user(id: $id) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CacheUpdateName($name: String!) { updateProfile(input: { name: $name }) { id name } }\n"): (typeof documents)["\n  mutation CacheUpdateName($name: String!) { updateProfile(input: { name: $name }) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NestedCatalog($first: Int!) {\n    users(first: $first) { nodes { id items(first: 10) { nodes { sku owner { name } } } } }\n  }\n"): (typeof documents)["\n  query NestedCatalog($first: Int!) {\n    users(first: $first) { nodes { id items(first: 10) { nodes { sku owner { name } } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ItemsWithOwners($first: Int!) { items(first: $first) { nodes { id owner { name } } } }\n"): (typeof documents)["\n  query ItemsWithOwners($first: Int!) { items(first: $first) { nodes { id owner { name } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsersPage($first: Int, $after: String) {\n    users(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } }\n  }\n"): (typeof documents)["\n  query UsersPage($first: Int, $after: String) {\n    users(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsersItemsPage($first: Int, $after: String) {\n    users(first: 3) { nodes { id items(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }\n  }\n"): (typeof documents)["\n  query UsersItemsPage($first: Int, $after: String) {\n    users(first: 3) { nodes { id items(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsersTotal { users(first: 1) { totalCount nodes { id items { totalCount nodes { id } } } } }\n"): (typeof documents)["\n  query UsersTotal { users(first: 1) { totalCount nodes { id items { totalCount nodes { id } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsersNoTotal { users(first: 1) { nodes { id items { nodes { id } } } } }\n"): (typeof documents)["\n  query UsersNoTotal { users(first: 1) { nodes { id items { nodes { id } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserById($id: ID!) { user(id: $id) { id name email } item(id: $id) { id } }\n"): (typeof documents)["\n  query UserById($id: ID!) { user(id: $id) { id name email } item(id: $id) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserOrders($id: ID!) { user(id: $id) { orders { totalCount } } }\n"): (typeof documents)["\n  query UserOrders($id: ID!) { user(id: $id) { orders { totalCount } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmbeddedCatalog { users(first: 50) { nodes { items(first: 10) { nodes { owner { name } } } } } }\n"): (typeof documents)["\n  query EmbeddedCatalog { users(first: 50) { nodes { items(first: 10) { nodes { owner { name } } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CostNestedCatalog { users(first: 50) { nodes { items(first: 10) { nodes { owner { name } } } } } }\n"): (typeof documents)["\n  query CostNestedCatalog { users(first: 50) { nodes { items(first: 10) { nodes { owner { name } } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CostOverBudget { users(first: 100) { nodes { items(first: 100) { nodes { id name } } } } }\n"): (typeof documents)["\n  query CostOverBudget { users(first: 100) { nodes { items(first: 100) { nodes { id name } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CostMe { me { id } }\n"): (typeof documents)["\n  query CostMe { me { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ErrorsUsers { users(first: 1) { nodes { id } } }\n"): (typeof documents)["\n  query ErrorsUsers { users(first: 1) { nodes { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PromotionItems { items(first: 5) { nodes { id sku } } }\n"): (typeof documents)["\n  query PromotionItems { items(first: 5) { nodes { id sku } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PromotionItem($input: CreateItemInput!) { createItem(input: $input) { id } }\n"): (typeof documents)["\n  mutation PromotionItem($input: CreateItemInput!) { createItem(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SentinelCatalog { items(first: 5) { nodes { id name } } }\n"): (typeof documents)["\n  query SentinelCatalog { items(first: 5) { nodes { id name } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SentinelReport($kind: ReportKind!) { generateReport(kind: $kind) { id state } }\n"): (typeof documents)["\n  mutation SentinelReport($kind: ReportKind!) { generateReport(kind: $kind) { id state } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SentinelJobUpdated($id: ID!) { jobUpdated(id: $id) { id state progress } }\n"): (typeof documents)["\n  subscription SentinelJobUpdated($id: ID!) { jobUpdated(id: $id) { id state progress } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SentinelMyJobUpdated { myJobUpdated { id state } }\n"): (typeof documents)["\n  subscription SentinelMyJobUpdated { myJobUpdated { id state } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FailoverUserNames { users(first: 10) { nodes { name } } }\n"): (typeof documents)["\n  query FailoverUserNames { users(first: 10) { nodes { name } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendWelcomeEmail($userId: ID!) { sendWelcomeEmail(userId: $userId) { id state } }\n"): (typeof documents)["\n  mutation SendWelcomeEmail($userId: ID!) { sendWelcomeEmail(userId: $userId) { id state } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MyJobUpdated { myJobUpdated { id kind state progress attempts } }\n"): (typeof documents)["\n  subscription MyJobUpdated { myJobUpdated { id kind state progress attempts } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelJob($id: ID!) { cancelJob(id: $id) { id state } }\n"): (typeof documents)["\n  mutation CancelJob($id: ID!) { cancelJob(id: $id) { id state } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FollowJob($id: ID!) { jobUpdated(id: $id) { id state progress report { url } } }\n"): (typeof documents)["\n  subscription FollowJob($id: ID!) { jobUpdated(id: $id) { id state progress report { url } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GenerateReport($kind: ReportKind!) { generateReport(kind: $kind) { id state } }\n"): (typeof documents)["\n  mutation GenerateReport($kind: ReportKind!) { generateReport(kind: $kind) { id state } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobUpdated($id: ID!) { jobUpdated(id: $id) { id state progress attempts } }\n"): (typeof documents)["\n  subscription JobUpdated($id: ID!) { jobUpdated(id: $id) { id state progress attempts } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendWelcomeEmailAgain($userId: ID!) { sendWelcomeEmail(userId: $userId) { id } }\n"): (typeof documents)["\n  mutation SendWelcomeEmailAgain($userId: ID!) { sendWelcomeEmail(userId: $userId) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryJob($id: ID!) { retryJob(id: $id) { id state attempts error } }\n"): (typeof documents)["\n  mutation RetryJob($id: ID!) { retryJob(id: $id) { id state attempts error } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientLimitMe { me { id } }\n"): (typeof documents)["\n  query ClientLimitMe { me { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LimitsLogIn($email: String!, $password: String!) { logIn(email: $email, password: $password) { token } }\n"): (typeof documents)["\n  mutation LimitsLogIn($email: String!, $password: String!) { logIn(email: $email, password: $password) { token } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LimitsSignUpThenLogIn($input: SignUpInput!, $email: String!, $password: String!) {\n    signUp(input: $input) { user { id } }\n    logIn(email: $email, password: $password) { token }\n  }\n"): (typeof documents)["\n  mutation LimitsSignUpThenLogIn($input: SignUpInput!, $email: String!, $password: String!) {\n    signUp(input: $input) { user { id } }\n    logIn(email: $email, password: $password) { token }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LimitsPlaceOrder($itemId: ID!) { placeOrder(itemId: $itemId, quantity: 1) { id } }\n"): (typeof documents)["\n  mutation LimitsPlaceOrder($itemId: ID!) { placeOrder(itemId: $itemId, quantity: 1) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProductionMe { me { id } }\n"): (typeof documents)["\n  query ProductionMe { me { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RedisDownLogIn($email: String!) { logIn(email: $email, password: \"not the password\") { token } }\n"): (typeof documents)["\n  mutation RedisDownLogIn($email: String!) { logIn(email: $email, password: \"not the password\") { token } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RedisDownProfile($id: ID!) { user(id: $id) { id name } }\n"): (typeof documents)["\n  query RedisDownProfile($id: ID!) { user(id: $id) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WatchQueuedJob($id: ID!) { jobUpdated(id: $id) { id state } }\n"): (typeof documents)["\n  subscription WatchQueuedJob($id: ID!) { jobUpdated(id: $id) { id state } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlaceOrder($itemId: ID!, $quantity: Int!, $idempotencyKey: String) {\n    placeOrder(itemId: $itemId, quantity: $quantity, idempotencyKey: $idempotencyKey) {\n      id quantity totalCents item { id stock } buyer { id }\n    }\n  }\n"): (typeof documents)["\n  mutation PlaceOrder($itemId: ID!, $quantity: Int!, $idempotencyKey: String) {\n    placeOrder(itemId: $itemId, quantity: $quantity, idempotencyKey: $idempotencyKey) {\n      id quantity totalCents item { id stock } buyer { id }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyOrders { me { orders(first: 5) { totalCount nodes { id quantity } } } }\n"): (typeof documents)["\n  query MyOrders { me { orders(first: 5) { totalCount nodes { id quantity } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LagCatalog { items(first: 5) { nodes { sku } } }\n"): (typeof documents)["\n  query LagCatalog { items(first: 5) { nodes { sku } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LagItemById($id: ID!) { item(id: $id) { id } }\n"): (typeof documents)["\n  query LagItemById($id: ID!) { item(id: $id) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LagMeAndUsers { me { id name } users(first: 100) { nodes { id name } } }\n"): (typeof documents)["\n  query LagMeAndUsers { me { id name } users(first: 100) { nodes { id name } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LagRename($input: UpdateProfileInput!) { updateProfile(input: $input) { id name } }\n"): (typeof documents)["\n  mutation LagRename($input: UpdateProfileInput!) { updateProfile(input: $input) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LagNewItem($input: CreateItemInput!) { createItem(input: $input) { id } }\n"): (typeof documents)["\n  mutation LagNewItem($input: CreateItemInput!) { createItem(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OutageCatalog { items(first: 5) { totalCount nodes { id } } }\n"): (typeof documents)["\n  query OutageCatalog { items(first: 5) { totalCount nodes { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplicaReport($kind: ReportKind!) { generateReport(kind: $kind) { id state } }\n"): (typeof documents)["\n  mutation ReplicaReport($kind: ReportKind!) { generateReport(kind: $kind) { id state } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplicaOrder($itemId: ID!) { placeOrder(itemId: $itemId, quantity: 1) { id } }\n"): (typeof documents)["\n  mutation ReplicaOrder($itemId: ID!) { placeOrder(itemId: $itemId, quantity: 1) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ReplicaJobUpdated($id: ID!) { jobUpdated(id: $id) { id state progress } }\n"): (typeof documents)["\n  subscription ReplicaJobUpdated($id: ID!) { jobUpdated(id: $id) { id state progress } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReplicaCatalog { items(first: 5) { nodes { id owner { name } } } }\n"): (typeof documents)["\n  query ReplicaCatalog { items(first: 5) { nodes { id owner { name } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAndRead($input: CreateItemInput!) {\n    createItem(input: $input) { id owner { name items { totalCount } } }\n  }\n"): (typeof documents)["\n  mutation CreateAndRead($input: CreateItemInput!) {\n    createItem(input: $input) { id owner { name items { totalCount } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobReportUrl($id: ID!) { jobUpdated(id: $id) { id report { url } } }\n"): (typeof documents)["\n  subscription JobReportUrl($id: ID!) { jobUpdated(id: $id) { id report { url } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GenerateInventory { generateReport(kind: INVENTORY_CSV) { id } }\n"): (typeof documents)["\n  mutation GenerateInventory { generateReport(kind: INVENTORY_CSV) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WatchReport($id: ID!) { jobUpdated(id: $id) { id state progress attempts updatedAt report { kind } } }\n"): (typeof documents)["\n  subscription WatchReport($id: ID!) { jobUpdated(id: $id) { id state progress attempts updatedAt report { kind } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WatchJob($id: ID!) { jobUpdated(id: $id) { id state attempts } }\n"): (typeof documents)["\n  subscription WatchJob($id: ID!) { jobUpdated(id: $id) { id state attempts } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WatchMyJobs { myJobUpdated { id state } }\n"): (typeof documents)["\n  subscription WatchMyJobs { myJobUpdated { id state } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      user { id name email role }\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      user { id name email role }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogInAsAdminAgain($email: String!, $password: String!) { logIn(email: $email, password: $password) { token } }\n"): (typeof documents)["\n  mutation LogInAsAdminAgain($email: String!, $password: String!) { logIn(email: $email, password: $password) { token } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateItem($input: CreateItemInput!) {\n    createItem(input: $input) { id sku name priceCents stock owner { id } }\n  }\n"): (typeof documents)["\n  mutation CreateItem($input: CreateItemInput!) {\n    createItem(input: $input) { id sku name priceCents stock owner { id } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobById($id: ID!) {\n    job(id: $id) { id kind state progress attempts maxAttempts error result report { id url sizeBytes kind } }\n  }\n"): (typeof documents)["\n  query JobById($id: ID!) {\n    job(id: $id) { id kind state progress attempts maxAttempts error result report { id url sizeBytes kind } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartReport($kind: ReportKind!) { generateReport(kind: $kind) { id state kind } }\n"): (typeof documents)["\n  mutation StartReport($kind: ReportKind!) { generateReport(kind: $kind) { id state kind } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyJobs($state: JobState) {\n    jobs(first: 20, state: $state) { totalCount nodes { id kind state attempts } }\n  }\n"): (typeof documents)["\n  query MyJobs($state: JobState) {\n    jobs(first: 20, state: $state) { totalCount nodes { id kind state attempts } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReplicaTracedCatalog { items(first: 5) { nodes { id name } } }\n"): (typeof documents)["\n  query ReplicaTracedCatalog { items(first: 5) { nodes { id name } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SampledPage { items(first: 5) { nodes { id name } } }\n"): (typeof documents)["\n  query SampledPage { items(first: 5) { nodes { id name } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnsampledItem($id: ID!) { item(id: $id) { id name } }\n"): (typeof documents)["\n  query UnsampledItem($id: ID!) { item(id: $id) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TracedCatalog { items(first: 5) { nodes { id name owner { id name } } } }\n"): (typeof documents)["\n  query TracedCatalog { items(first: 5) { nodes { id name owner { id name } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TracedJob($id: ID!) { jobUpdated(id: $id) { id state progress } }\n"): (typeof documents)["\n  subscription TracedJob($id: ID!) { jobUpdated(id: $id) { id state progress } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TracedMyJobs { myJobUpdated { id state } }\n"): (typeof documents)["\n  subscription TracedMyJobs { myJobUpdated { id state } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrustedCatalog($first: Int!) { items(first: $first) { nodes { id sku } } }\n"): (typeof documents)["\n  query TrustedCatalog($first: Int!) { items(first: $first) { nodes { id sku } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrustedMe { me { id email } }\n"): (typeof documents)["\n  query TrustedMe { me { id email } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrustedMyName { me { name } }\n"): (typeof documents)["\n  query TrustedMyName { me { name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrustedNested($first: Int!) { users(first: $first) { nodes { id items(first: 10) { nodes { sku owner { name } } } } } }\n"): (typeof documents)["\n  query TrustedNested($first: Int!) { users(first: $first) { nodes { id items(first: 10) { nodes { sku owner { name } } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrustedOverBudget { users(first: 100) { nodes { items(first: 100) { nodes { id } } } } }\n"): (typeof documents)["\n  query TrustedOverBudget { users(first: 100) { nodes { items(first: 100) { nodes { id } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrustedLatestJob { jobs(first: 1) { nodes { id } } }\n"): (typeof documents)["\n  query TrustedLatestJob { jobs(first: 1) { nodes { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TrustedRename($input: UpdateProfileInput!) { updateProfile(input: $input) { id name } }\n"): (typeof documents)["\n  mutation TrustedRename($input: UpdateProfileInput!) { updateProfile(input: $input) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TrustedFollowJob($id: ID!) { jobUpdated(id: $id) { id state } }\n"): (typeof documents)["\n  subscription TrustedFollowJob($id: ID!) { jobUpdated(id: $id) { id state } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobVisibility($id: ID!) { job(id: $id) { id } }\n"): (typeof documents)["\n  query JobVisibility($id: ID!) { job(id: $id) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmailVisibility($id: ID!) { user(id: $id) { id email } }\n"): (typeof documents)["\n  query EmailVisibility($id: ID!) { user(id: $id) { id email } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrdersVisibility($id: ID!) { user(id: $id) { orders(first: 1) { totalCount } } }\n"): (typeof documents)["\n  query OrdersVisibility($id: ID!) { user(id: $id) { orders(first: 1) { totalCount } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobUpdatedVisibility($id: ID!) { jobUpdated(id: $id) { id } }\n"): (typeof documents)["\n  subscription JobUpdatedVisibility($id: ID!) { jobUpdated(id: $id) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FollowQueuedJob($id: ID!) { jobUpdated(id: $id) { id state } }\n"): (typeof documents)["\n  subscription FollowQueuedJob($id: ID!) { jobUpdated(id: $id) { id state } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RecheckWatchJob($id: ID!) { jobUpdated(id: $id) { id } }\n"): (typeof documents)["\n  subscription RecheckWatchJob($id: ID!) { jobUpdated(id: $id) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RecheckWatchMyJobs { myJobUpdated { id } }\n"): (typeof documents)["\n  subscription RecheckWatchMyJobs { myJobUpdated { id } }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;