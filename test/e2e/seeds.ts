// The manifests of seed article 003 (`../shared/seeds/003_*.txt`), with the selector Kubernetes
// requires added to the Deployment, shared by the tests that run them.

export const seedDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-app-deployment
spec:
  replicas: 3
  selector:
    matchLabels:
      app: my-app
  template:
    metadata:
      labels:
        app: my-app # <-- This is the label
    spec:
      containers:
        - name: my-app-container
          image: nginx
`;

export const seedService = `apiVersion: v1
kind: Service
metadata:
  name: my-app-service
spec:
  selector:
    app: my-app # <-- This selector matches the Pods' label
  ports:
    - protocol: TCP
      port: 80
      targetPort: 80
`;
